import type { UseWaitingRoom } from "../hooks/useWaitingRoom";
import type { Ack } from "../types";

/** The moderators' view of the waiting room: who waits (first come first), admit / deny / admit all. */
export function WaitingRoomPanel({ waiting, act }: {
  waiting: UseWaitingRoom;
  act: (label: string, action: () => Promise<Ack>) => Promise<void>;
}) {
  return (
    <section className="waiting-room-panel" aria-label="Waiting room">
      <h3>
        Waiting room <span className="count">({waiting.queue.length})</span>
      </h3>
      {waiting.queue.length === 0 ? (
        <p className="muted">Nobody is waiting.</p>
      ) : (
        <>
          <button type="button" onClick={() => void act("Admit all", waiting.admitAll)}>
            Admit all
          </button>
          <ol>
            {waiting.queue.map((w) => (
              <li key={w.userId} data-user={w.userId}>
                <span>{w.displayName}</span>{" "}
                <button type="button" onClick={() => void act("Admit", () => waiting.admit(w.userId))}>
                  Admit
                </button>{" "}
                <button type="button" onClick={() => void act("Deny", () => waiting.deny(w.userId))}>
                  Deny
                </button>
              </li>
            ))}
          </ol>
        </>
      )}
      {waiting.denied.length > 0 && (
        <details>
          <summary>Denied ({waiting.denied.length})</summary>
          <ul>
            {waiting.denied.map((d) => (
              <li key={d.userId} data-user={d.userId}>
                {d.displayName}{" "}
                <button type="button" onClick={() => void act("Let in", () => waiting.admit(d.userId))}>
                  Let in
                </button>
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

/** What a waiting attendee sees instead of the room. */
export function WaitingScreen({ waiting }: { waiting: UseWaitingRoom }) {
  if (waiting.status === "denied") {
    return (
      <section className="waiting-screen" aria-live="polite">
        <h2>You were not admitted</h2>
        <p>The host declined your request to join this workshop.</p>
      </section>
    );
  }
  return (
    <section className="waiting-screen" aria-live="polite">
      <h2>You are in the waiting room</h2>
      <p>The host will let you in soon.</p>
      {waiting.position != null && (
        <p className="position">
          Your place in line: <strong data-testid="waiting-position">{waiting.position}</strong>
        </p>
      )}
    </section>
  );
}
