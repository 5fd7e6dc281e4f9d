import { useCallback, useEffect, useState } from "react";
import { call, type Workshop } from "../api";

// Editing, bans and calendar links (CONTRACT §7.1, §7.6) for the room page: its own REST calls, so the
// shared api.ts stays as it is.

interface Ban {
  userId: number;
  displayName: string;
  removedAt: string | null;
  removedBy: number | null;
}

/** ISO instant → the value of a `datetime-local` input, in the browser's zone. */
const toLocalInput = (iso: string) => {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

export function PlatformPanel({ workshop, apiUrl, token, isModerator, onSaved }: {
  workshop: Workshop;
  apiUrl: string;
  token: string;
  isModerator: boolean;
  onSaved: (w: Workshop) => void;
}) {
  const [feedUrl, setFeedUrl] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [bans, setBans] = useState<Ban[]>([]);
  const [form, setForm] = useState(() => formOf(workshop));
  const [editing, setEditing] = useState(false);

  useEffect(() => {
    if (!editing) setForm(formOf(workshop));
  }, [workshop, editing]);

  const loadBans = useCallback(async () => {
    if (!isModerator) return;
    try {
      setBans((await call<{ items: Ban[] }>(apiUrl, `/api/workshops/${workshop.id}/bans`, token)).items);
    } catch (e) {
      setMessage(`Bans: ${(e as Error).message}`);
    }
  }, [apiUrl, token, workshop.id, isModerator]);

  useEffect(() => {
    void loadBans();
  }, [loadBans]);

  const save = async () => {
    const patch: Record<string, unknown> = {};
    if (form.title !== workshop.title) patch.title = form.title;
    if ((form.description || null) !== workshop.description) patch.description = form.description || null;
    if (workshop.status === "scheduled") {
      const start = new Date(form.start).toISOString();
      if (new Date(start).getTime() !== new Date(workshop.scheduledStart).getTime()) patch.scheduledStart = start;
      if (form.duration !== workshop.durationMinutes) patch.durationMinutes = form.duration;
    }
    if (form.admission !== workshop.admission) patch.admission = form.admission;
    if (form.qaMode !== workshop.qaMode) patch.qaMode = form.qaMode;
    if (form.qaAnonymous !== workshop.qaAnonymous) patch.qaAnonymous = form.qaAnonymous;
    if (Object.keys(patch).length === 0) {
      setEditing(false);
      return;
    }
    try {
      onSaved(await call<Workshop>(apiUrl, `/api/workshops/${workshop.id}`, token, { method: "PATCH", body: patch }));
      setEditing(false);
      setMessage("Saved.");
    } catch (e) {
      setMessage(`Save failed: ${(e as Error).message}`);
    }
  };

  const lift = async (userId: number) => {
    try {
      await call<void>(apiUrl, `/api/workshops/${workshop.id}/bans/${userId}`, token, { method: "DELETE" });
      setMessage(`Ban of user #${userId} lifted.`);
      await loadBans();
    } catch (e) {
      setMessage(`Lift failed: ${(e as Error).message}`);
    }
  };

  const subscribe = async () => {
    try {
      setFeedUrl((await call<{ url: string }>(apiUrl, "/api/me/calendar", token)).url);
    } catch (e) {
      setMessage(`Calendar: ${(e as Error).message}`);
    }
  };

  const downloadIcs = async () => {
    const response = await fetch(`${apiUrl}/api/workshops/${workshop.id}/calendar.ics`, { headers: { Authorization: `Bearer ${token}` } });
    if (!response.ok) {
      setMessage(`Calendar file: HTTP ${response.status}`);
      return;
    }
    const link = document.createElement("a");
    link.href = URL.createObjectURL(await response.blob());
    link.download = `workshop-${workshop.id}.ics`;
    link.click();
  };

  const closed = workshop.status === "ended" || workshop.status === "cancelled";
  return (
    <section className="card" aria-labelledby="platform-title">
      <h2 id="platform-title">Schedule</h2>
      <p data-testid="schedule">
        Starts {new Date(workshop.scheduledStart).toLocaleString()} · {workshop.durationMinutes} min
      </p>
      <p>
        <button type="button" onClick={() => void downloadIcs()}>Download .ics</button>{" "}
        <button type="button" onClick={() => void subscribe()}>Subscribe in your calendar</button>
        {feedUrl && <input aria-label="Calendar feed URL" readOnly value={feedUrl} size={60} />}
      </p>
      {isModerator && !closed && !editing && <button type="button" onClick={() => setEditing(true)}>Edit workshop</button>}
      {isModerator && editing && (
        <form aria-label="Edit workshop" onSubmit={(e) => { e.preventDefault(); void save(); }}>
          <label>Title <input name="title" value={form.title} maxLength={200} onChange={(e) => setForm({ ...form, title: e.target.value })} /></label>
          <label>Description <textarea name="description" value={form.description} maxLength={5000} onChange={(e) => setForm({ ...form, description: e.target.value })} /></label>
          <label>Start <input name="start" type="datetime-local" value={form.start} disabled={workshop.status !== "scheduled"} onChange={(e) => setForm({ ...form, start: e.target.value })} /></label>
          <label>Duration (min) <input name="duration" type="number" min={1} max={1440} value={form.duration} disabled={workshop.status !== "scheduled"} onChange={(e) => setForm({ ...form, duration: Number(e.target.value) })} /></label>
          <label>Admission <select name="admission" value={form.admission} onChange={(e) => setForm({ ...form, admission: e.target.value as Workshop["admission"] })}>
            <option value="open">open</option><option value="waiting_room">waiting room</option></select></label>
          <label>Q&amp;A <select name="qaMode" value={form.qaMode} onChange={(e) => setForm({ ...form, qaMode: e.target.value as Workshop["qaMode"] })}>
            <option value="open">open</option><option value="moderated">moderated</option><option value="off">off</option></select></label>
          <label><input name="qaAnonymous" type="checkbox" checked={form.qaAnonymous} onChange={(e) => setForm({ ...form, qaAnonymous: e.target.checked })} /> anonymous questions</label>
          <button type="submit">Save</button> <button type="button" onClick={() => setEditing(false)}>Cancel</button>
        </form>
      )}
      {isModerator && (
        <>
          <h3>Bans</h3>
          {bans.length === 0 ? <p>No one is banned.</p> : (
            <ul aria-label="Bans">
              {bans.map((b) => (
                <li key={b.userId}>
                  {b.displayName} <button type="button" onClick={() => void lift(b.userId)}>Lift ban</button>
                </li>
              ))}
            </ul>
          )}
          <button type="button" onClick={() => void loadBans()}>Refresh bans</button>
        </>
      )}
      {message && <p role="status">{message}</p>}
    </section>
  );
}

function formOf(w: Workshop) {
  return {
    title: w.title,
    description: w.description ?? "",
    start: toLocalInput(w.scheduledStart),
    duration: w.durationMinutes,
    admission: w.admission,
    qaMode: w.qaMode,
    qaAnonymous: w.qaAnonymous,
  };
}
