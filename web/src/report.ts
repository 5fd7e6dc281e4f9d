import { ApiError, call } from "./api";

// The host's report (CONTRACT §7.6): types of GET /api/workshops/{id}/report, the call, the CSV
// download (it needs the Authorization header, so it is fetched and saved as a blob, not linked), and
// the presence-over-time series the chart draws.

export interface ReportSession {
  joinedAt: string;
  leftAt: string | null;
}

export interface ReportAttendee {
  userId: number;
  displayName: string;
  sessions: ReportSession[];
  presentMs: number;
  chatMessages: number;
  questionsAsked: number;
  pollsAnswered: number;
  handRaises: number;
}

export interface WorkshopReport {
  workshopId: number;
  startedAt: string;
  endedAt: string | null;
  uniqueAttendees: number;
  peakConcurrent: number;
  averagePresentMs: number;
  chatMessages: number;
  questions: number;
  pollVotes: number;
  reactions: number;
  reactionsPerMinute: { minute: string; counts: Record<string, number> }[];
  attendees: ReportAttendee[];
}

export const reportApi = {
  report: (apiUrl: string, token: string, id: number) => call<WorkshopReport>(apiUrl, `/api/workshops/${id}/report`, token),
  /** The attendance CSV as text. */
  async csv(apiUrl: string, token: string, id: number): Promise<string> {
    const response = await fetch(`${apiUrl}/api/workshops/${id}/attendance.csv`, { headers: { Authorization: `Bearer ${token}` } });
    if (!response.ok) throw new ApiError(response.status, String(response.status), response.statusText);
    return response.text();
  },
};

/** A step in the presence curve: from `at` on, `present` people are in the room. */
export interface PresencePoint {
  at: number;
  present: number;
}

/**
 * Presence over time from the sessions: a step function starting at 0, one point per change. Open
 * sessions run until `until` (now, while live). Leaves sort before joins at the same instant, as
 * the server's peakConcurrent counts them.
 */
export function presenceSeries(attendees: ReportAttendee[], until: number): PresencePoint[] {
  const edges: [number, number][] = [];
  for (const a of attendees) {
    for (const s of a.sessions) {
      const from = Date.parse(s.joinedAt);
      const to = s.leftAt ? Date.parse(s.leftAt) : Math.max(until, from);
      edges.push([from, 1], [to, -1]);
    }
  }
  edges.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const points: PresencePoint[] = [];
  let present = 0;
  for (const [at, delta] of edges) {
    present += delta;
    const last = points[points.length - 1];
    if (last && last.at === at) last.present = present;
    else points.push({ at, present });
  }
  return points;
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  return h > 0 ? `${h}h ${String(m).padStart(2, "0")}m` : m > 0 ? `${m}m ${String(rest).padStart(2, "0")}s` : `${rest}s`;
}
