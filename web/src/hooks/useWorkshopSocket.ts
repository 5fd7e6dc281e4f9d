import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from "react";
import { io, type Socket } from "socket.io-client";
import { useConnection, userIdOf, type LecternConnection } from "../connection";
import type { Ack, AttendeeInfo, SignalingError, WireAttendee, WirePresence, WireState, WorkshopState, WorkshopStatus } from "../types";
import { emptyRoom, reduceRoom, type RoomEvent } from "./roomState";

/** How long an action waits for its acknowledgement before it resolves as `timeout`. */
export const ACK_TIMEOUT_MS = 8000;

/**
 * Reconnection: socket.io-client's exponential backoff, randomised ±50 % so that a restarted server
 * is not hit by every client in the same second (docs/signaling.md, "Reconnecting").
 */
export const RECONNECT = { reconnectionDelay: 500, reconnectionDelayMax: 8000, randomizationFactor: 0.5 } as const;

export interface UseWorkshopSocket {
  socket: Socket | null;
  connected: boolean;
  /** null until the first `workshop:state` snapshot arrives (the server is the only source of it). */
  workshopState: WorkshopState | null;
  attendees: AttendeeInfo[];
  /** User ids with a raised hand, oldest first. */
  raisedHands: number[];
  /** The workshop as the last `workshop:updated` carried it (a host's or co-host's edit), or null. */
  edited: (Record<string, unknown> & { id: number }) | null;
  /** Users present now (big rooms: the server's count; `attendees` is then the stage only). */
  presentCount: number;
  /** False in a big room, where `attendees` lists only the stage (host, co-hosts, panelists, speakers, hands). */
  fullPresence: boolean;
  joinWorkshop: () => Promise<Ack<{ state: WireState }>>;
  leaveWorkshop: () => Promise<Ack>;
  raiseHand: () => Promise<Ack<{ raisedAt: string }>>;
  lowerHand: (targetUserId?: number) => Promise<Ack>;
  approveSpeaker: (userId: number) => Promise<Ack>;
  revokeSpeaker: (userId: number) => Promise<Ack>;
  promoteCoHost: (userId: number) => Promise<Ack>;
  demoteCoHost: (userId: number) => Promise<Ack>;
  muteUser: (userId: number) => Promise<Ack>;
  removeUser: (userId: number) => Promise<Ack>;
  // beyond the spec: what a room page needs besides the above
  /** The logged-in user's id (the JWT's `sub`). */
  me: number | null;
  /** The last refusal of a join the hook made itself (on mount or after a reconnect), or of the connection. */
  joinError: SignalingError | null;
  /** The last `workshop:error` (a refusal of an event sent without a callback). */
  lastError: SignalingError | null;
  /** True once this user was removed from the workshop (banned: the hook stops rejoining). */
  removed: boolean;
  /** Increments each time the host or a co-host mutes this user: the media layer mutes the microphone. */
  mutedCount: number;
}

const ROOM_EVENTS = {
  "workshop:user-joined": (p: WireAttendee): RoomEvent => ({ type: "user-joined", attendee: p }),
  "workshop:user-left": (p: { userId: number }): RoomEvent => ({ type: "user-left", userId: p.userId }),
  "workshop:presence": (p: WirePresence): RoomEvent => ({ type: "presence", presence: p }),
  "workshop:hand-raised": (p: { userId: number }): RoomEvent => ({ type: "hand-raised", userId: p.userId }),
  "workshop:hand-lowered": (p: { userId: number }): RoomEvent => ({ type: "hand-lowered", userId: p.userId }),
  "workshop:speaker-approved": (p: { userId: number }): RoomEvent => ({ type: "speaker-approved", userId: p.userId }),
  "workshop:speaker-revoked": (p: { userId: number }): RoomEvent => ({ type: "speaker-revoked", userId: p.userId }),
  "workshop:cohost-promoted": (p: { userId: number }): RoomEvent => ({ type: "cohost-promoted", userId: p.userId }),
  "workshop:cohost-demoted": (p: { userId: number }): RoomEvent => ({ type: "cohost-demoted", userId: p.userId }),
  "workshop:user-removed": (p: { userId: number }): RoomEvent => ({ type: "user-removed", userId: p.userId }),
  "workshop:updated": (p: { workshop: Record<string, unknown> & { id: number } }): RoomEvent => ({ type: "updated", workshop: p.workshop }),
  "workshop:state-changed": (p: { status: WorkshopStatus; startedAt?: string | null; endedAt?: string | null }): RoomEvent => ({
    type: "state-changed",
    ...p,
  }),
} as const;

/** Emits with an acknowledgement; a timeout or a dropped connection resolves as a refusal too. */
export async function emitAck<T extends object>(socket: Socket | null, event: string, payload: object): Promise<Ack<T>> {
  if (!socket || !socket.connected) {
    return { ok: false, error: { code: "disconnected", message: "not connected to the server" } };
  }
  try {
    return (await socket.timeout(ACK_TIMEOUT_MS).emitWithAck(event, payload)) as Ack<T>;
  } catch {
    return { ok: false, error: { code: "timeout", message: `no answer to ${event} within ${ACK_TIMEOUT_MS / 1000} s` } };
  }
}

/**
 * The live room of one workshop over Socket.IO (namespace `/workshop`). Connects and joins on mount,
 * leaves and disconnects on unmount, follows every room event, and after any reconnect joins again
 * and replaces its state with the fresh snapshot (the server replays nothing). Every action resolves
 * to the server's acknowledgement, so refusals (`forbidden`, `banned`…) reach the caller.
 */
export function useWorkshopSocket(workshopId: number | null, connection?: LecternConnection): UseWorkshopSocket {
  const { socketUrl, token } = useConnection(connection);
  const me = useMemo(() => userIdOf(token), [token]);
  const [socket, setSocket] = useState<Socket | null>(null);
  const [connected, setConnected] = useState(false);
  const [room, dispatch] = useReducer(reduceRoom, emptyRoom);
  const [joinError, setJoinError] = useState<SignalingError | null>(null);
  const [lastError, setLastError] = useState<SignalingError | null>(null);
  const [removed, setRemoved] = useState(false);
  const [mutedCount, setMutedCount] = useState(0);
  const removedRef = useRef(false);

  useEffect(() => {
    if (workshopId == null) return;
    removedRef.current = false;
    setRemoved(false);
    setJoinError(null);
    dispatch({ type: "reset" });
    const s = io(`${socketUrl}/workshop`, { auth: { token }, transports: ["websocket"], ...RECONNECT });

    const join = async () => {
      const ack = await emitAck<{ state: WireState }>(s, "workshop:join", { workshopId });
      if (ack.ok) {
        setJoinError(null);
      } else if (s.connected) {
        setJoinError(ack.error);
        if (ack.error.code === "banned") markRemoved();
      }
    };
    const markRemoved = () => {
      removedRef.current = true;
      setRemoved(true);
    };

    s.on("connect", () => {
      setConnected(true);
      if (!removedRef.current) void join();
    });
    s.on("disconnect", () => setConnected(false));
    s.on("connect_error", (err: Error) => {
      // "unauthorized" is final for this token; anything else is retried by the client's backoff
      setJoinError({ code: err.message === "unauthorized" ? "unauthorized" : "disconnected", message: err.message });
    });
    s.on("workshop:state", (state: WireState) => {
      if (state.workshopId === workshopId) dispatch({ type: "state", state });
    });
    for (const [name, toEvent] of Object.entries(ROOM_EVENTS)) {
      s.on(name, (payload: unknown) => dispatch((toEvent as (p: unknown) => RoomEvent)(payload)));
    }
    s.on("workshop:user-removed", (p: { userId: number }) => {
      if (p.userId === me) markRemoved();
    });
    s.on("workshop:user-muted", (p: { userId: number }) => {
      if (p.userId === me) setMutedCount((n) => n + 1);
    });
    s.on("workshop:error", (e: { event: string; code: SignalingError["code"]; message: string }) =>
      setLastError({ code: e.code, message: `${e.event}: ${e.message}` }),
    );
    setSocket(s);

    return () => {
      // the leave is queued before the disconnect on the same connection, so it goes first
      if (s.connected) s.emit("workshop:leave", { workshopId });
      s.disconnect();
      s.removeAllListeners();
      setSocket(null);
      setConnected(false);
      dispatch({ type: "reset" });
    };
  }, [workshopId, socketUrl, token, me]);

  const send = useCallback(
    <T extends object = Record<string, unknown>>(event: string, extra: object = {}) =>
      emitAck<T>(socket, event, { workshopId, ...extra }),
    [socket, workshopId],
  );

  return {
    socket,
    connected,
    workshopState: room.workshop,
    attendees: room.attendees,
    raisedHands: room.raisedHands,
    edited: room.edited ?? null,
    presentCount: room.presentCount,
    fullPresence: room.fullPresence,
    joinWorkshop: useCallback(() => send<{ state: WireState }>("workshop:join"), [send]),
    leaveWorkshop: useCallback(() => send("workshop:leave"), [send]),
    raiseHand: useCallback(() => send<{ raisedAt: string }>("workshop:raise-hand"), [send]),
    lowerHand: useCallback((targetUserId?: number) => send("workshop:lower-hand", targetUserId ? { targetUserId } : {}), [send]),
    approveSpeaker: useCallback((userId: number) => send("workshop:approve-speaker", { targetUserId: userId }), [send]),
    revokeSpeaker: useCallback((userId: number) => send("workshop:revoke-speaker", { targetUserId: userId }), [send]),
    promoteCoHost: useCallback((userId: number) => send("workshop:promote-cohost", { targetUserId: userId }), [send]),
    demoteCoHost: useCallback((userId: number) => send("workshop:demote-cohost", { targetUserId: userId }), [send]),
    muteUser: useCallback((userId: number) => send("workshop:mute-user", { targetUserId: userId }), [send]),
    removeUser: useCallback((userId: number) => send("workshop:remove-user", { targetUserId: userId }), [send]),
    me,
    joinError,
    lastError,
    removed,
    mutedCount,
  };
}
