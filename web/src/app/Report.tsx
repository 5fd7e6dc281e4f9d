import { useCallback, useEffect, useState } from "react";
import { ApiError } from "../api";
import { useConnection } from "../connection";
import { formatDuration, presenceSeries, reportApi, type PresencePoint, type WorkshopReport } from "../report";
import { navigate } from "./router";

/** The host's report of a workshop: totals, a chart of presence over time, one row per attendee, the CSV. */
export function Report({ workshopId, onUnauthorized }: { workshopId: number; onUnauthorized: () => void }) {
  const { apiUrl, token } = useConnection();
  const [report, setReport] = useState<WorkshopReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  const fail = useCallback(
    (e: unknown) => {
      if (e instanceof ApiError && e.status === 401) return onUnauthorized();
      setError(e instanceof ApiError && e.code === "invalid_state" ? "The report is available once the workshop has gone live." : (e as Error).message);
    },
    [onUnauthorized],
  );

  useEffect(() => {
    reportApi.report(apiUrl, token, workshopId).then(setReport, fail);
  }, [apiUrl, token, workshopId, fail]);

  const download = async () => {
    try {
      const csv = await reportApi.csv(apiUrl, token, workshopId);
      const url = URL.createObjectURL(new Blob([csv], { type: "text/csv" }));
      const a = document.createElement("a");
      a.href = url;
      a.download = `workshop-${workshopId}-attendance.csv`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (e) {
      fail(e);
    }
  };

  return (
    <div className="stack">
      <a href={`/workshops/${workshopId}`} onClick={(e) => { e.preventDefault(); navigate(`/workshops/${workshopId}`); }}>
        ← Back to the room
      </a>
      {error && <p role="alert" className="error">{error}</p>}
      {!report && !error && <p>Loading…</p>}
      {report && (
        <>
          <section className="card" aria-labelledby="report-title">
            <h1 id="report-title">Report</h1>
            <dl className="report-totals">
              <div><dt>Attendees</dt><dd data-testid="unique-attendees">{report.uniqueAttendees}</dd></div>
              <div><dt>Peak</dt><dd data-testid="peak-concurrent">{report.peakConcurrent}</dd></div>
              <div><dt>Average presence</dt><dd>{formatDuration(report.averagePresentMs)}</dd></div>
              <div><dt>Chat messages</dt><dd>{report.chatMessages}</dd></div>
              <div><dt>Questions</dt><dd>{report.questions}</dd></div>
              <div><dt>Poll votes</dt><dd>{report.pollVotes}</dd></div>
              <div><dt>Reactions</dt><dd>{report.reactions}</dd></div>
            </dl>
            <p className="muted">
              {new Date(report.startedAt).toLocaleString()} – {report.endedAt ? new Date(report.endedAt).toLocaleString() : "still live"}
            </p>
            <button type="button" onClick={download}>Download CSV</button>
          </section>
          <section className="card" aria-labelledby="presence-title">
            <h2 id="presence-title">Presence over time</h2>
            <PresenceChart
              points={presenceSeries(report.attendees, report.endedAt ? Date.parse(report.endedAt) : Date.now())}
              from={Date.parse(report.startedAt)}
              to={report.endedAt ? Date.parse(report.endedAt) : Date.now()}
            />
          </section>
          <section className="card" aria-labelledby="attendees-title">
            <h2 id="attendees-title">Attendees</h2>
            {report.attendees.length === 0 ? (
              <p>Nobody attended.</p>
            ) : (
              <div className="table-scroll">
                <table className="report-table">
                  <thead>
                    <tr>
                      <th scope="col">Name</th><th scope="col">Sessions</th><th scope="col">Present</th>
                      <th scope="col">Chat</th><th scope="col">Questions</th><th scope="col">Polls</th><th scope="col">Hands</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.attendees.map((a) => (
                      <tr key={a.userId} data-testid={`report-row-${a.userId}`}>
                        <th scope="row">{a.displayName}</th>
                        <td>{a.sessions.length}</td>
                        <td>{formatDuration(a.presentMs)}</td>
                        <td>{a.chatMessages}</td>
                        <td>{a.questionsAsked}</td>
                        <td>{a.pollsAnswered}</td>
                        <td>{a.handRaises}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </>
      )}
    </div>
  );
}

/** A step chart in plain SVG: time across, people present up. */
function PresenceChart({ points, from, to }: { points: PresencePoint[]; from: number; to: number }) {
  const width = 600;
  const height = 160;
  const pad = 24;
  const start = Math.min(from, points[0]?.at ?? from);
  const span = Math.max(1, to - start);
  const max = Math.max(1, ...points.map((p) => p.present));
  const x = (t: number) => pad + ((t - start) / span) * (width - 2 * pad);
  const y = (n: number) => height - pad - (n / max) * (height - 2 * pad);
  let d = `M ${x(start)} ${y(0)}`;
  let current = 0;
  for (const p of points) {
    d += ` H ${x(p.at)} V ${y(p.present)}`;
    current = p.present;
  }
  d += ` H ${x(to)}`;
  return (
    <svg className="presence-chart" data-testid="presence-chart" viewBox={`0 0 ${width} ${height}`} role="img"
      aria-label={`Presence over time, at most ${max} at once, ${current} at the end`}>
      <line x1={pad} y1={height - pad} x2={width - pad} y2={height - pad} stroke="#9aa1b2" />
      <line x1={pad} y1={pad} x2={pad} y2={height - pad} stroke="#9aa1b2" />
      <text x={pad - 6} y={y(max) + 4} textAnchor="end" fontSize="10">{max}</text>
      <text x={pad - 6} y={height - pad + 4} textAnchor="end" fontSize="10">0</text>
      <text x={pad} y={height - 6} fontSize="10">{new Date(start).toLocaleTimeString()}</text>
      <text x={width - pad} y={height - 6} fontSize="10" textAnchor="end">{new Date(to).toLocaleTimeString()}</text>
      <path d={d} fill="none" stroke="#3557c7" strokeWidth="2" data-testid="presence-line" />
    </svg>
  );
}
