import type { AttendeeInfo, WireAttendee, WirePresence, WireState, WorkshopState, WorkshopStatus } from "../types";

/**
 * The room as one client sees it, rebuilt from a `workshop:state` snapshot and kept current by the
 * room events. Pure, so every event's effect is testable without a socket.
 */
export interface Room {
  workshop: WorkshopState | null;
  attendees: AttendeeInfo[];
  /** Raised hands, oldest first: the server's queue order. */
  raisedHands: number[];
  /** Users with an approved speaking right (kept to compute `canSpeak` for people who arrive later). */
  speakerIds: number[];
  /** The workshop object of the last `workshop:updated` (CONTRACT §7.1), newer than any REST read before it. */
  edited?: Record<string, unknown> & { id: number };
  /** Users present now: `attendees.length` in a room within the presence limit, the server's count above it. */
  presentCount: number;
  /** False in a big room: `attendees` is then the stage (host, co-hosts, panelists, speakers, raised hands). */
  fullPresence: boolean;
  panelistIds: number[];
}

export type RoomEvent =
  | { type: "reset" }
  | { type: "state"; state: WireState }
  | { type: "user-joined"; attendee: WireAttendee }
  | { type: "user-left"; userId: number }
  | { type: "presence"; presence: WirePresence }
  | { type: "hand-raised"; userId: number }
  | { type: "hand-lowered"; userId: number }
  | { type: "speaker-approved"; userId: number }
  | { type: "speaker-revoked"; userId: number }
  | { type: "cohost-promoted"; userId: number }
  | { type: "cohost-demoted"; userId: number }
  | { type: "user-removed"; userId: number }
  | { type: "state-changed"; status: WorkshopStatus; startedAt?: string | null; endedAt?: string | null }
  | { type: "updated"; workshop: Record<string, unknown> & { id: number } };

export const emptyRoom: Room = { workshop: null, attendees: [], raisedHands: [], speakerIds: [], presentCount: 0, fullPresence: true, panelistIds: [] };

const date = (s: string | null | undefined): Date | null => (s ? new Date(s) : null);
const without = (ids: number[], id: number) => ids.filter((x) => x !== id);
const adding = (ids: number[], id: number) => (ids.includes(id) ? ids : [...ids, id]);

export function reduceRoom(room: Room, event: RoomEvent): Room {
  return counted(room, reduce(room, event), event);
}

/** Whether a user belongs on a big room's stage, as far as this client knows. */
export function onStage(room: Room, userId: number): boolean {
  return room.workshop?.hostId === userId || (room.workshop?.coHostIds.includes(userId) ?? false)
    || room.panelistIds.includes(userId) || room.speakerIds.includes(userId) || room.raisedHands.includes(userId);
}

/** Keeps `presentCount`: the list's length while it lists everyone, the server's latest count otherwise. */
function counted(before: Room, after: Room, event: RoomEvent): Room {
  const given = event.type === "presence" ? event.presence.presentCount : event.type === "state" ? event.state.presentCount : undefined;
  const presentCount = given ?? (after.fullPresence ? after.attendees.length : before.presentCount);
  return presentCount === after.presentCount ? after : { ...after, presentCount };
}

function reduce(room: Room, event: RoomEvent): Room {
  switch (event.type) {
    case "reset":
      return emptyRoom;
    case "state":
      return fromSnapshot(event.state);
    case "user-joined":
      // a big room's moderators hear the audience arrive too: the stage list keeps the stage only
      return room.fullPresence || onStage(room, event.attendee.userId) ? arrive(room, event.attendee) : room;
    case "user-left":
      return { ...room, attendees: room.attendees.filter((a) => a.userId !== event.userId) };
    case "presence": {
      // joined first, then left: someone who came and went inside one batch ends up gone
      let next = room;
      for (const attendee of event.presence.joined ?? []) {
        if (room.fullPresence || onStage(room, attendee.userId)) next = arrive(next, attendee);
      }
      const left = new Set(event.presence.left ?? []);
      return left.size ? { ...next, attendees: next.attendees.filter((a) => !left.has(a.userId)) } : next;
    }
    case "hand-raised":
      return { ...room, raisedHands: adding(room.raisedHands, event.userId) };
    case "hand-lowered":
      return { ...room, raisedHands: without(room.raisedHands, event.userId) };
    case "speaker-approved":
      return withRoles({ ...room, speakerIds: adding(room.speakerIds, event.userId) });
    case "speaker-revoked":
      return withRoles({ ...room, speakerIds: without(room.speakerIds, event.userId) });
    case "cohost-promoted":
      // promotion also grants speaking (the server sets canSpeak too)
      return withRoles({
        ...room,
        speakerIds: adding(room.speakerIds, event.userId),
        workshop: room.workshop && { ...room.workshop, coHostIds: adding(room.workshop.coHostIds, event.userId) },
      });
    case "cohost-demoted":
      return withRoles({
        ...room,
        workshop: room.workshop && { ...room.workshop, coHostIds: without(room.workshop.coHostIds, event.userId) },
      });
    case "user-removed":
      return withRoles({
        ...room,
        workshop: room.workshop && { ...room.workshop, coHostIds: without(room.workshop.coHostIds, event.userId) },
        attendees: room.attendees.filter((a) => a.userId !== event.userId),
        raisedHands: without(room.raisedHands, event.userId),
        speakerIds: without(room.speakerIds, event.userId),
      });
    case "updated":
      return { ...room, edited: event.workshop };
    case "state-changed":
      if (!room.workshop) return room;
      return {
        ...room,
        workshop: {
          ...room.workshop,
          status: event.status,
          startedAt: event.startedAt !== undefined ? date(event.startedAt) : room.workshop.startedAt,
          endedAt: event.endedAt !== undefined ? date(event.endedAt) : room.workshop.endedAt,
        },
      };
  }
}

function fromSnapshot(s: WireState): Room {
  return {
    workshop: { status: s.status, startedAt: date(s.startedAt), endedAt: date(s.endedAt), hostId: s.hostId, coHostIds: [...s.coHostIds] },
    attendees: s.attendees.map((a) => ({ ...a })),
    raisedHands: s.raisedHands.map((h) => h.userId),
    speakerIds: [...s.speakerIds],
    presentCount: s.presentCount ?? s.attendees.length,
    fullPresence: s.fullPresence ?? true,
    panelistIds: [...(s.panelistIds ?? [])],
  };
}

function arrive(room: Room, a: WireAttendee): Room {
  const attendee: AttendeeInfo = {
    userId: a.userId,
    displayName: a.displayName,
    avatarUrl: a.avatarUrl ?? null,
    isHost: a.isHost,
    isCoHost: a.isCoHost,
    canSpeak: a.canSpeak ?? (a.isHost || a.isCoHost || room.speakerIds.includes(a.userId)),
    ...((a as WireAttendee & { isPanelist?: boolean }).isPanelist ? { isPanelist: true } : {}),
  };
  const others = room.attendees.filter((x) => x.userId !== a.userId);
  return { ...room, attendees: [...others, attendee] };
}

/** Re-derives isCoHost/canSpeak of everyone present from the room's role lists. */
function withRoles(room: Room): Room {
  const coHosts = room.workshop?.coHostIds ?? [];
  return {
    ...room,
    attendees: room.attendees.map((a) => {
      const isCoHost = coHosts.includes(a.userId);
      const canSpeak = a.isHost || isCoHost || room.speakerIds.includes(a.userId);
      return isCoHost === a.isCoHost && canSpeak === a.canSpeak ? a : { ...a, isCoHost, canSpeak };
    }),
  };
}
