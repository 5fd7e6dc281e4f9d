import { useEffect, useState } from "react";
import { api, ApiError, type Workshop } from "../api";
import { navigate } from "./router";
import { useConnection } from "../connection";
import { useWorkshopChat } from "../hooks/useWorkshopChat";
import { useWorkshopSocket } from "../hooks/useWorkshopSocket";
import { useWaitingRoom } from "../hooks/useWaitingRoom";
import { WaitingRoomPanel, WaitingScreen } from "./WaitingRoomPanel";
import type { Ack, AttendeeInfo } from "../types";
import { AudienceList } from "./AudienceList";
import { Chat } from "./Chat";
import { MediaPanel } from "./MediaPanel";
import { PlatformPanel } from "./Platform";
import type { Session } from "./session";

const BANNER: Record<string, string> = {
  scheduled: "Scheduled — the lobby opens shortly before the start.",
  lobby: "Lobby — waiting for the host to start.",
  live: "Live",
  ended: "This workshop has ended.",
  cancelled: "This workshop was cancelled.",
};

export function Room({ workshopId, session, rtcConfigured, onUnauthorized }: {
  workshopId: number;
  session: Session;
  rtcConfigured: boolean;
  onUnauthorized: () => void;
}) {
  const { apiUrl, token } = useConnection();
  const room = useWorkshopSocket(workshopId);
  const chat = useWorkshopChat(room.socket, workshopId);
  const [workshop, setWorkshop] = useState<Workshop | null>(null);
  const [feedback, setFeedback] = useState<string | null>(null);
  const waiting = useWaitingRoom(room.socket, workshopId);
  // moderators may rehearse in the backstage channel (never recorded) and switch to the live one
  const [stage, setStage] = useState<"live" | "backstage">("live");

  useEffect(() => {
    api.workshop(apiUrl, token, workshopId).then(setWorkshop, (e: unknown) => {
      if (e instanceof ApiError && e.status === 401) onUnauthorized();
      else setFeedback((e as Error).message);
    });
  }, [apiUrl, token, workshopId, onUnauthorized]);

  // a host's or co-host's edit reaches everyone in the room as workshop:updated (CONTRACT §7.1)
  useEffect(() => {
    if (room.edited && room.edited.id === workshopId) setWorkshop(room.edited as unknown as Workshop);
  }, [room.edited, workshopId]);

  // the token was refused at the handshake (expired, or a dev server restarted with a new secret)
  useEffect(() => {
    if (room.joinError?.code === "unauthorized") onUnauthorized();
  }, [room.joinError, onUnauthorized]);

  const state = room.workshopState;
  const me = session.userId;
  const isHost = state?.hostId === me;
  const isModerator = isHost || (state?.coHostIds.includes(me) ?? false);
  // a big room's state lists the stage only: a plain attendee is present without being listed
  const present = room.attendees.find((a) => a.userId === me)
    ?? (state && !room.fullPresence ? { userId: me, displayName: "you", avatarUrl: null, isHost: false, isCoHost: false, canSpeak: false } : undefined);
  const handUp = room.raisedHands.includes(me);
  const open = state?.status === "lobby" || state?.status === "live";
  const moderatesQueue = isModerator || (present?.isPanelist ?? false);
  const onStage = (a: AttendeeInfo) => a.isHost || a.isCoHost || !!a.isPanelist || a.canSpeak;
  const nameOf = (id: number) => room.attendees.find((a) => a.userId === id)?.displayName ?? `User #${id}`;

  /** Runs an action and shows its refusal; success shows through the room events everyone gets. */
  const act = async (label: string, action: () => Promise<Ack>) => {
    const ack = await action();
    setFeedback(ack.ok ? null : `${label} refused: ${ack.error.message} (${ack.error.code})`);
  };
  const lifecycle = async (label: string, call: () => Promise<Workshop>) => {
    try {
      setWorkshop(await call());
      setFeedback(null);
    } catch (e) {
      setFeedback(`${label} failed: ${(e as Error).message}`);
    }
  };

  if (room.removed) {
    return (
      <section className="card" aria-labelledby="room-title">
        <h1 id="room-title">{workshop?.title ?? `Workshop #${workshopId}`}</h1>
        <p role="alert" className="banner removed" data-testid="removed">
          You were removed from this workshop by its host.
        </p>
      </section>
    );
  }

  if (waiting.status === "waiting" || waiting.status === "denied") {
    return (
      <section className="card" aria-labelledby="room-title" data-testid="waiting">
        <h1 id="room-title">{workshop?.title ?? `Workshop #${workshopId}`}</h1>
        <WaitingScreen waiting={waiting} />
      </section>
    );
  }

  return (
    <div className="room">
      <section className="card room-head" aria-labelledby="room-title">
        <h1 id="room-title">{workshop?.title ?? `Workshop #${workshopId}`}</h1>
        <p role="status" aria-live="polite" className={`banner status-${state?.status ?? "connecting"}`} data-testid="banner">
          {state ? BANNER[state.status] : room.joinError ? "Not in the room." : "Joining…"}
        </p>
        <p className="muted" data-testid="connection">
          {room.connected ? "Connected" : "Reconnecting…"}
          {present && (isHost ? " · you are the host" : present.isCoHost ? " · you are a co-host" : present.canSpeak ? " · you may speak" : "")}
        </p>
        {room.joinError && (
          <p role="alert" className="error">
            Cannot join: {room.joinError.message} ({room.joinError.code})
          </p>
        )}
        {feedback && <p role="alert" className="error">{feedback}</p>}
        <div className="actions">
          {isModerator && (state?.status === "scheduled" || state?.status === "lobby") && (
            <button type="button" onClick={() => lifecycle("Start", () => api.start(apiUrl, token, workshopId))}>
              Start workshop
            </button>
          )}
          {isModerator && state?.status === "live" && (
            <button type="button" className="danger" onClick={() => lifecycle("End", () => api.end(apiUrl, token, workshopId))}>
              End workshop
            </button>
          )}
          {isModerator && (state?.status === "live" || state?.status === "ended") && (
            <a className="button" href={`/workshops/${workshopId}/report`} onClick={(e) => { e.preventDefault(); navigate(`/workshops/${workshopId}/report`); }}>
              Report
            </a>
          )}
          {!isHost && open && present && (handUp || !present.canSpeak) && (
            handUp ? (
              <button type="button" onClick={() => act("Lower hand", () => room.lowerHand())}>Lower hand</button>
            ) : (
              <button type="button" onClick={() => act("Raise hand", room.raiseHand)}>Raise hand</button>
            )
          )}
        </div>
      </section>

      {moderatesQueue && (waiting.queue.length > 0 || waiting.denied.length > 0 || workshop?.admission === "waiting_room") && (
        <div className="card" data-testid="waiting-room-panel">
          <WaitingRoomPanel waiting={waiting} act={act} />
        </div>
      )}

      <section className="card" aria-labelledby="hands-title">
        <h2 id="hands-title">Raised hands ({room.raisedHands.length})</h2>
        {room.raisedHands.length === 0 ? (
          <p className="muted">No hands up.</p>
        ) : (
          <ol className="hands" data-testid="hands">
            {room.raisedHands.map((id) => (
              <li key={id}>
                <span>{nameOf(id)}</span>
                {isModerator && (
                  <span className="actions">
                    <button type="button" onClick={() => act("Approve", () => room.approveSpeaker(id))} aria-label={`Let ${nameOf(id)} speak`}>
                      Let speak
                    </button>
                    <button type="button" onClick={() => act("Lower hand", () => room.lowerHand(id))} aria-label={`Lower the hand of ${nameOf(id)}`}>
                      Lower
                    </button>
                  </span>
                )}
              </li>
            ))}
          </ol>
        )}
      </section>

      <section className="card" aria-labelledby="people-title">
        <h2 id="people-title">{room.fullPresence ? `In the room (${room.attendees.length})` : `On stage (${room.attendees.length})`}</h2>
        {!room.fullPresence && <p className="muted" data-testid="present-count">{room.presentCount} present now</p>}
        <h3 className="muted">On stage</h3>
        <ul className="people" data-testid="attendees">
          {[...room.attendees].filter(onStage).sort(byRole).map((a) => (
            <Person key={a.userId} a={a} me={me} hand={room.raisedHands.includes(a.userId)} isHost={isHost} isModerator={isModerator} act={act} room={room} />
          ))}
        </ul>
        <h3 className="muted">Audience</h3>
        <ul className="people" data-testid="audience">
          {[...room.attendees].filter((a) => !onStage(a)).sort(byRole).map((a) => (
            <Person key={a.userId} a={a} me={me} hand={room.raisedHands.includes(a.userId)} isHost={isHost} isModerator={isModerator} act={act} room={room} />
          ))}
        </ul>
      </section>

      {workshop && <PlatformPanel workshop={workshop} apiUrl={apiUrl} token={token} isModerator={isModerator} onSaved={setWorkshop} />}

      {!room.fullPresence && isModerator && <AudienceList workshopId={workshopId} presentCount={room.presentCount} />}
      <Chat chat={chat} me={me} canChat={open && !!present} />
      {moderatesQueue && open && (
        <section className="card stage-switch" aria-label="Stage" data-testid="stage-switch">
          <p role="status" data-testid="stage">{stage === "backstage" ? "Backstage — the audience cannot see or hear you (never recorded)." : "You are live."}</p>
          {stage === "live" ? (
            <button type="button" onClick={() => setStage("backstage")}>Go backstage</button>
          ) : (
            <button type="button" onClick={() => setStage("live")}>Go live</button>
          )}
        </section>
      )}
      <MediaPanel key={stage} workshopId={workshopId} rtcConfigured={rtcConfigured} open={open}
        canSpeak={stage === "backstage" || (present?.canSpeak ?? false)} mutedCount={room.mutedCount} stage={stage} />
    </div>
  );
}

/** Host first, then co-hosts, then everyone by name. */
function byRole(a: AttendeeInfo, b: AttendeeInfo): number {
  const rank = (x: AttendeeInfo) => (x.isHost ? 0 : x.isCoHost ? 1 : 2);
  return rank(a) - rank(b) || a.displayName.localeCompare(b.displayName) || a.userId - b.userId;
}

function Person({ a, me, hand, isHost, isModerator, act, room }: {
  a: AttendeeInfo;
  me: number;
  hand: boolean;
  isHost: boolean;
  isModerator: boolean;
  act: (label: string, action: () => Promise<Ack>) => Promise<void>;
  room: ReturnType<typeof useWorkshopSocket>;
}) {
  const self = a.userId === me;
  // the host's role cannot be changed, only the host removes co-hosts (the server enforces both)
  const canModerate = isModerator && !self && !a.isHost && (isHost || !a.isCoHost);
  const name = a.displayName;
  return (
    <li data-testid={`person-${a.userId}`}>
      <span className="person">
        {name}
        {self && " (you)"}
        {a.isHost && <span className="badge">host</span>}
        {a.isCoHost && <span className="badge">co-host</span>}
        {a.isPanelist && <span className="badge panelist">panelist</span>}
        {a.canSpeak && !a.isHost && !a.isCoHost && !a.isPanelist && <span className="badge speaker">speaker</span>}
        {hand && <span className="badge hand">hand up</span>}
      </span>
      {canModerate && (
        <span className="actions">
          {a.canSpeak && !a.isCoHost ? (
            <button type="button" onClick={() => act("Revoke", () => room.revokeSpeaker(a.userId))} aria-label={`Stop ${name} speaking`}>Revoke</button>
          ) : !a.canSpeak ? (
            <button type="button" onClick={() => act("Approve", () => room.approveSpeaker(a.userId))} aria-label={`Let ${name} speak`}>Let speak</button>
          ) : null}
          {isHost && (a.isCoHost ? (
            <button type="button" onClick={() => act("Demote", () => room.demoteCoHost(a.userId))} aria-label={`Make ${name} an attendee again`}>Demote</button>
          ) : (
            <button type="button" onClick={() => act("Promote", () => room.promoteCoHost(a.userId))} aria-label={`Make ${name} a co-host`}>Make co-host</button>
          ))}
          <button type="button" onClick={() => act("Mute", () => room.muteUser(a.userId))} aria-label={`Mute ${name}`}>Mute</button>
          <button type="button" className="danger" onClick={() => act("Remove", () => room.removeUser(a.userId))} aria-label={`Remove ${name}`}>Remove</button>
        </span>
      )}
    </li>
  );
}
