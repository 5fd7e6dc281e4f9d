import { useCallback, useEffect, useState, type FormEvent } from "react";
import { api, ApiError, type Workshop } from "../api";
import { useConnection } from "../connection";
import { navigate } from "./router";
import type { Session } from "./session";

function localInputValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The workshops the user can see (scheduled, lobby, live), a form to create one, RSVP buttons. */
export function WorkshopList({ session, onUnauthorized }: { session: Session; onUnauthorized: () => void }) {
  const { apiUrl, token } = useConnection();
  const [workshops, setWorkshops] = useState<Workshop[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [title, setTitle] = useState("");
  const [description, setDescription] = useState("");
  const [start, setStart] = useState(() => localInputValue(new Date(Date.now() + 10 * 60_000)));
  const [duration, setDuration] = useState("60");
  const [going, setGoing] = useState<Set<number>>(new Set());

  const fail = useCallback(
    (e: unknown) => {
      if (e instanceof ApiError && e.status === 401) return onUnauthorized();
      setError((e as Error).message);
    },
    [onUnauthorized],
  );

  const load = useCallback(() => {
    api.workshops(apiUrl, token).then((page) => setWorkshops(page.items), fail);
  }, [apiUrl, token, fail]);

  useEffect(load, [load]);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const created = await api.create(apiUrl, token, {
        title: title.trim(),
        description: description.trim() || undefined,
        scheduledStart: new Date(start).toISOString(),
        durationMinutes: Number(duration),
      });
      setTitle("");
      setDescription("");
      setNotice(`Created “${created.title}”.`);
      load();
    } catch (err) {
      fail(err);
    }
  };

  const rsvp = async (w: Workshop) => {
    setError(null);
    try {
      await api.rsvp(apiUrl, token, w.id);
      setGoing((g) => new Set(g).add(w.id));
      setNotice(`You are going to “${w.title}”.`);
      load();
    } catch (err) {
      fail(err);
    }
  };

  return (
    <div className="stack">
      <p aria-live="polite" className="notice">{notice}</p>
      {error && <p role="alert" className="error">{error}</p>}
      <section aria-labelledby="list-title" className="card">
        <h1 id="list-title">Workshops</h1>
        {workshops === null ? (
          <p>Loading…</p>
        ) : workshops.length === 0 ? (
          <p>No upcoming or live workshops yet. Create one below.</p>
        ) : (
          <ul className="workshops">
            {workshops.map((w) => (
              <li key={w.id} data-testid={`workshop-${w.id}`}>
                <div>
                  <strong>{w.title}</strong> <span className={`badge status-${w.status}`}>{w.status}</span>
                  <div className="muted">
                    {new Date(w.scheduledStart).toLocaleString()} · {w.durationMinutes} min · {w.attendeeCount} going
                    {w.hostId === session.userId && " · you host"}
                  </div>
                </div>
                <div className="actions">
                  {w.hostId !== session.userId && (
                    <button type="button" onClick={() => rsvp(w)} disabled={going.has(w.id)} aria-label={`RSVP to ${w.title}`}>
                      {going.has(w.id) ? "Going" : "RSVP"}
                    </button>
                  )}
                  <a
                    className="button"
                    href={`/workshops/${w.id}`}
                    onClick={(e) => {
                      e.preventDefault();
                      navigate(`/workshops/${w.id}`);
                    }}
                    aria-label={`Open the room of ${w.title}`}
                  >
                    Open room
                  </a>
                  {w.hostId === session.userId && w.status === "live" && (
                    <a className="button" href={`/workshops/${w.id}/report`} onClick={(e) => { e.preventDefault(); navigate(`/workshops/${w.id}/report`); }}
                      aria-label={`Report of ${w.title}`}>
                      Report
                    </a>
                  )}
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="create-title" className="card">
        <h2 id="create-title">Create a workshop</h2>
        <form onSubmit={create}>
          <label htmlFor="ws-title">Title</label>
          <input id="ws-title" value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={200} />
          <label htmlFor="ws-description">Description (optional)</label>
          <textarea id="ws-description" value={description} onChange={(e) => setDescription(e.target.value)} rows={2} />
          <label htmlFor="ws-start">Starts at</label>
          <input id="ws-start" type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} required />
          <label htmlFor="ws-duration">Duration (minutes)</label>
          <input id="ws-duration" type="number" min={1} value={duration} onChange={(e) => setDuration(e.target.value)} required />
          <button type="submit">Create workshop</button>
        </form>
      </section>
    </div>
  );
}
