import { useCallback, useEffect, useState } from "react";
import { call } from "../api";
import { useConnection } from "../connection";
import type { WireAttendee } from "../types";

interface PresentPage {
  items: Required<WireAttendee>[];
  nextCursor: string | null;
  presentCount: number;
}

/**
 * A big room's audience for its moderators: everyone present, a page at a time from
 * `GET /api/workshops/{id}/present` (the room's `workshop:state` lists only the stage), searchable by
 * name on the server. `refreshKey` changes when the room's count does, so a reopened list is current.
 */
export function AudienceList({ workshopId, presentCount }: { workshopId: number; presentCount: number }) {
  const { apiUrl, token } = useConnection();
  const [query, setQuery] = useState("");
  const [items, setItems] = useState<Required<WireAttendee>[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const load = useCallback(async (cursor: string | null, q: string) => {
    setLoading(true);
    try {
      const params = new URLSearchParams({ limit: "50" });
      if (cursor) params.set("cursor", cursor);
      if (q.trim()) params.set("q", q.trim());
      const page = await call<PresentPage>(apiUrl, `/api/workshops/${workshopId}/present?${params}`, token);
      setItems((prev) => (cursor ? [...prev, ...page.items] : page.items));
      setNext(page.nextCursor);
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setLoading(false);
    }
  }, [apiUrl, token, workshopId]);

  // a new search starts from the first page; typing waits a moment so each key is not a request
  useEffect(() => {
    const t = setTimeout(() => void load(null, query), 250);
    return () => clearTimeout(t);
  }, [load, query]);

  return (
    <section className="card" aria-labelledby="audience-title" data-testid="audience">
      <h2 id="audience-title">Audience ({presentCount} present)</h2>
      <input type="search" placeholder="Search by name" aria-label="Search the audience" value={query}
        onChange={(e) => setQuery(e.target.value)} data-testid="audience-search" />
      {error && <p role="alert" className="error">{error}</p>}
      <ul className="people" data-testid="audience-list">
        {items.map((a) => (
          <li key={a.userId} data-testid={`audience-${a.userId}`}>
            <span className="person">{a.displayName}{a.isHost && <span className="badge">host</span>}{a.isCoHost && <span className="badge">co-host</span>}</span>
          </li>
        ))}
      </ul>
      {items.length === 0 && !loading && <p className="muted">Nobody matches.</p>}
      <div className="actions">
        {next && <button type="button" disabled={loading} onClick={() => void load(next, query)}>Show more</button>}
        <button type="button" disabled={loading} onClick={() => void load(null, query)}>Refresh</button>
      </div>
    </section>
  );
}
