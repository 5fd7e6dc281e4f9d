// Live workshops with RSVP'd members, made the way each server expects: Lectern through its real
// REST API, the reference through SQL in its own schema, the ceiling (no database) by number only.
let ceilingIds = 0;

async function lecternCall(target, method, path, userId, body) {
  const r = await fetch(target.httpUrl + path, {
    method,
    headers: { Authorization: `Bearer ${target.token(userId)}`, ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  if (r.status >= 300) throw new Error(`${method} ${path} as ${userId}: ${r.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

async function inLanes(items, lanes, fn) {
  let next = 0;
  await Promise.all(Array.from({ length: lanes }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
}

/** A live workshop hosted by hostId that every one of memberIds may join; returns its id. */
export async function createRoom(target, hostId, memberIds) {
  if (target.name === "ceiling") return ++ceilingIds;
  if (target.name === "reference") {
    const ids = `'{${[hostId, ...memberIds].join(",")}}'::bigint[]`;
    const id = target.sql(`INSERT INTO users (id, name) SELECT u, 'User ' || u FROM unnest(${ids}) u ON CONFLICT DO NOTHING;
      INSERT INTO workshops (title, host_id, status, scheduled_start, duration_minutes, max_attendees, agora_channel, actual_started_at)
      VALUES ('Benchmark workshop', ${hostId}, 'live', now(), 240, 100000, 'lectern-' || md5(random()::text), now()) RETURNING id`).trim();
    target.sql(`INSERT INTO workshop_attendees (workshop_id, user_id, status)
      SELECT ${id}, u, 'rsvp' FROM unnest('{${memberIds.join(",")}}'::bigint[]) u`);
    return Number(id);
  }
  const scheduledStart = new Date(Date.now() + 10 * 60_000).toISOString();
  const w = await lecternCall(target, "POST", "/api/workshops", hostId,
    { title: "Benchmark workshop", scheduledStart, durationMinutes: 240, maxAttendees: 100000 });
  await inLanes(memberIds, 16, (userId) => lecternCall(target, "POST", `/api/workshops/${w.id}/rsvp`, userId));
  await lecternCall(target, "POST", `/api/workshops/${w.id}/start`, hostId);
  return w.id;
}
