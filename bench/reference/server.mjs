// The reference: the stack Lectern replaces, as the original design (shared/spec, plan 05-05) builds
// it — a Node.js socket.io 4.8 server whose /workshop handlers check membership and store chat in
// PostgreSQL through `pg`, then broadcast to the room — plus the two REST reads the benchmark times,
// as the original's API routes do them. It implements the benchmark's events (join, leave, chat,
// disconnect; raise-hand, lower-hand and mute-user for the flood scenario) and nothing else: no rate
// limits, as the original has none. Small and faithful: a pg Pool, named prepared statements, no
// artificial slowness; one process, as the original custom server runs.
// As fast as that design allows (issue #19): who the caller is comes from the JWT's claims (`sub`,
// `name`, `picture`, CONTRACT §2), so no user is looked up per connection or request — users are read
// only where the design must, for the other attendees' names in workshop:state; a join checks the
// workshop and the caller's membership in one query and marks them joined in the same statement that
// lists who is present; a chat message's membership check and insert are one INSERT … SELECT … RETURNING.
//   node --expose-gc server.mjs   (config from the environment, see below)
import http from "node:http";
import pg from "pg";
import { Server } from "socket.io";
import agora from "agora-token";
import { verify } from "../src/jwt.mjs";

const env = (name, fallback) => process.env[name] ?? fallback;
const PORT = Number(env("REF_PORT", "8090"));
const SECRET = env("REF_JWT_SECRET", "");
const APP_ID = env("REF_AGORA_APP_ID", "");
const APP_CERT = env("REF_AGORA_APP_CERTIFICATE", "");
const POOL_SIZE = Number(env("REF_DB_POOL_SIZE", "20"));
// Connections are opened at start and kept (no idle timeout), as Lectern's Hikari pool keeps its own:
// neither server then pays for, or can be refused, a new PostgreSQL connection in the middle of a run.
const pool = new pg.Pool({ connectionString: env("REF_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test"),
  max: POOL_SIZE, idleTimeoutMillis: 0 });

const q = (name, text, values) => pool.query({ name, text, values }).then((r) => r.rows);

/** The caller, from the token alone (a session carries name and picture in the original platform too). */
function userFromToken(token) {
  const claims = verify(SECRET, token);
  if (!claims) return null;
  return { id: Number(claims.sub), name: typeof claims.name === "string" ? claims.name : null,
    avatarUrl: typeof claims.picture === "string" ? claims.picture : null };
}

// ---- REST: GET /api/workshops/:id and GET /api/workshops/:id/token (plus /bench/memory for the bench)

const WORKSHOP_SQL = `SELECT w.*, (SELECT count(*) FROM workshop_attendees a
  WHERE a.workshop_id = w.id AND a.status IN ('rsvp','joined','left')) AS attendee_count FROM workshops w WHERE w.id = $1`;

const iso = (d) => (d ? new Date(d).toISOString() : null);
const workshopJson = (w) => ({
  id: Number(w.id), title: w.title, description: w.description, hostId: Number(w.host_id), status: w.status,
  isPrivate: w.is_private, scheduledStart: iso(w.scheduled_start), durationMinutes: w.duration_minutes,
  maxAttendees: w.max_attendees, categoryId: w.category_id, agoraChannel: w.agora_channel,
  startedAt: iso(w.actual_started_at), endedAt: iso(w.ended_at), recordingStatus: w.recording_status,
  attendeeCount: Number(w.attendee_count),
});

function send(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

async function rest(req, res) {
  if (req.url.startsWith("/bench/memory")) {
    if (req.url.includes("gc=1") && global.gc) global.gc();
    return send(res, 200, process.memoryUsage());
  }
  const m = req.method === "GET" && req.url.match(/^\/api\/workshops\/(\d+)(\/token)?$/);
  if (!m) return send(res, 404, { code: "not_found" });
  const token = (req.headers.authorization ?? "").replace(/^Bearer /, "");
  const user = userFromToken(token);
  if (!user) return send(res, 401, { code: "unauthorized" });
  const [w] = await q("workshop", WORKSHOP_SQL, [m[1]]);
  if (!w) return send(res, 404, { code: "not_found" });
  if (!m[2]) return send(res, 200, workshopJson(w));
  if (w.status !== "lobby" && w.status !== "live") return send(res, 409, { code: "invalid_state" });
  const [a] = await q("member", "SELECT status, is_co_host, can_speak FROM workshop_attendees WHERE workshop_id = $1 AND user_id = $2", [w.id, user.id]);
  const isHost = Number(w.host_id) === user.id;
  if (!isHost && (!a || a.status === "removed")) return send(res, 403, { code: a ? "banned" : "forbidden" });
  const publisher = isHost || a?.is_co_host || a?.can_speak;
  const ttl = 3600;
  const rtc = agora.RtcTokenBuilder.buildTokenWithUid(APP_ID, APP_CERT, w.agora_channel, user.id,
    publisher ? agora.RtcRole.PUBLISHER : agora.RtcRole.SUBSCRIBER, ttl, ttl);
  send(res, 200, { appId: APP_ID, channel: w.agora_channel, uid: user.id, token: rtc,
    role: publisher ? "publisher" : "subscriber", expiresAt: new Date(Date.now() + ttl * 1000).toISOString() });
}

const httpServer = http.createServer((req, res) => {
  rest(req, res).catch((e) => {
    console.error(e);
    send(res, 500, { code: "internal" });
  });
});

// ---- Socket.IO /workshop, after src/lib/socket/workshop.ts of the original design

const io = new Server(httpServer, { serveClient: false });
const nsp = io.of("/workshop");

nsp.use((socket, next) => {
  try {
    const user = userFromToken(socket.handshake.auth?.token);
    if (!user) return next(new Error("unauthorized"));
    socket.data.user = user;
    next();
  } catch (e) {
    console.error("auth", e);
    next(new Error("internal"));
  }
});

const fail = (ack, code, message) => ack?.({ ok: false, error: { code, message } });
const room = (id) => `workshop:${id}`;
const validId = (v) => Number.isSafeInteger(v) && v > 0;

function registerWorkshopHandlers(socket) {
  const user = socket.data.user;
  // a failed query answers `internal` instead of leaving the client's ack hanging
  const on = (event, handler) => socket.on(event, (payload, ack) => {
    handler(payload, typeof ack === "function" ? ack : undefined).catch((e) => {
      console.error(event, e);
      fail(ack, "internal", "server error");
    });
  });

  on("workshop:join", async (payload, ack) => {
    const workshopId = payload?.workshopId;
    if (!validId(workshopId)) return fail(ack, "invalid_payload", "workshopId must be a positive integer");
    // the workshop and the caller's attendee row in one round trip
    const [w] = await q("join-check", `SELECT w.id, w.status, w.host_id, w.actual_started_at, w.ended_at,
      a.status AS attendee, a.is_co_host, a.can_speak FROM workshops w
      LEFT JOIN workshop_attendees a ON a.workshop_id = w.id AND a.user_id = $2 WHERE w.id = $1`, [workshopId, user.id]);
    if (!w) return fail(ack, "not_found", "no such workshop");
    if (!["scheduled", "lobby", "live"].includes(w.status)) return fail(ack, "invalid_state", `workshop is ${w.status}`);
    const isHost = Number(w.host_id) === user.id;
    if (w.attendee === "removed") return fail(ack, "banned", "removed from this workshop");
    if (!isHost && !w.attendee) return fail(ack, "forbidden", "not a member");
    socket.join(room(workshopId));
    // in lobby/live the caller becomes `joined` in the same statement that lists who is present (a
    // data-modifying CTE's rows are not visible to the rest of its statement, so the caller's row is
    // added from RETURNING, with the name and picture of the token); otherwise only the list is read
    const attendees = w.status === "lobby" || w.status === "live"
      ? await q("join-mark-present", `WITH me AS (
          INSERT INTO workshop_attendees (workshop_id, user_id, status, joined_at) VALUES ($1, $2, 'joined', now())
          ON CONFLICT (workshop_id, user_id) DO UPDATE SET status = 'joined', joined_at = now()
          RETURNING user_id, is_co_host, can_speak)
        SELECT a.user_id, u.name, u.avatar_url, a.is_co_host, a.can_speak
          FROM workshop_attendees a JOIN users u ON u.id = a.user_id
          WHERE a.workshop_id = $1 AND a.status = 'joined' AND a.user_id <> $2
        UNION ALL SELECT me.user_id, $3::text, $4::text, me.is_co_host, me.can_speak FROM me`,
        [workshopId, user.id, user.name, user.avatarUrl])
      : await q("present", `SELECT a.user_id, u.name, u.avatar_url, a.is_co_host, a.can_speak
          FROM workshop_attendees a JOIN users u ON u.id = a.user_id WHERE a.workshop_id = $1 AND a.status = 'joined'`, [workshopId]);
    nsp.to(room(workshopId)).emit("workshop:user-joined", {
      userId: user.id, displayName: user.name, avatarUrl: user.avatarUrl, isHost, isCoHost: Boolean(w.is_co_host),
    });
    const state = {
      workshopId, status: w.status, hostId: Number(w.host_id),
      coHostIds: attendees.filter((x) => x.is_co_host).map((x) => Number(x.user_id)),
      speakerIds: attendees.filter((x) => x.can_speak).map((x) => Number(x.user_id)),
      raisedHands: [],
      attendees: attendees.map((x) => ({ userId: Number(x.user_id), displayName: x.name, avatarUrl: x.avatar_url,
        isHost: Number(x.user_id) === Number(w.host_id), isCoHost: x.is_co_host, canSpeak: x.can_speak })),
      startedAt: iso(w.actual_started_at), endedAt: iso(w.ended_at),
    };
    socket.emit("workshop:state", state);
    ack?.({ ok: true, state });
  });

  const leave = async (workshopId) => {
    await q("mark-left", "UPDATE workshop_attendees SET status = 'left', left_at = now() WHERE workshop_id = $1 AND user_id = $2 AND status = 'joined'", [workshopId, user.id]);
    nsp.to(room(workshopId)).emit("workshop:user-left", { userId: user.id });
  };

  on("workshop:leave", async (payload, ack) => {
    const workshopId = payload?.workshopId;
    if (!validId(workshopId)) return fail(ack, "invalid_payload", "workshopId must be a positive integer");
    socket.leave(room(workshopId));
    await leave(workshopId);
    ack?.({ ok: true });
  });

  on("workshop:chat", async (payload, ack) => {
    const workshopId = payload?.workshopId;
    const message = typeof payload?.message === "string" ? payload.message.trim() : "";
    if (!validId(workshopId) || message.length < 1 || message.length > 1000) {
      return fail(ack, "invalid_payload", "workshopId and a message of 1..1000 characters are required");
    }
    // membership, the workshop's state and the insert in one statement: no row means refused
    const [row] = await q("chat-insert", `INSERT INTO workshop_chat (workshop_id, user_id, message, offset_ms)
      SELECT w.id, a.user_id, $3, CASE WHEN w.status = 'live' AND w.actual_started_at IS NOT NULL
        THEN floor(extract(epoch FROM (now() - w.actual_started_at)) * 1000)::bigint ELSE 0 END
      FROM workshops w JOIN workshop_attendees a ON a.workshop_id = w.id AND a.user_id = $2 AND a.status = 'joined'
      WHERE w.id = $1
      RETURNING id, offset_ms, created_at`, [workshopId, user.id, message]);
    if (!row) {
      // refused: only now find out why (not the hot path)
      const [w] = await q("ws-exists", "SELECT 1 FROM workshops WHERE id = $1", [workshopId]);
      return w ? fail(ack, "invalid_state", "join the workshop first") : fail(ack, "not_found", "no such workshop");
    }
    const offsetMs = Number(row.offset_ms);
    const out = { id: Number(row.id), userId: user.id, displayName: user.name, avatarUrl: user.avatarUrl, message,
      offset_ms: offsetMs, createdAt: iso(row.created_at) };
    nsp.to(room(workshopId)).emit("workshop:chat-message", out);
    ack?.({ ok: true, chat: out });
  });

  // the hand queue and mute, for the flood scenario: one statement each, then the room hears of it
  on("workshop:raise-hand", async (payload, ack) => {
    const workshopId = payload?.workshopId;
    if (!validId(workshopId)) return fail(ack, "invalid_payload", "workshopId must be a positive integer");
    const [a] = await q("member-status", "SELECT status, hand_raised_at FROM workshop_attendees WHERE workshop_id = $1 AND user_id = $2", [workshopId, user.id]);
    if (a?.status !== "joined") return fail(ack, "invalid_state", "join the workshop first");
    const [raised] = await q("raise-hand", `UPDATE workshop_attendees SET hand_raised_at = now()
      WHERE workshop_id = $1 AND user_id = $2 AND hand_raised_at IS NULL RETURNING hand_raised_at`, [workshopId, user.id]);
    const raisedAt = iso(raised?.hand_raised_at ?? a.hand_raised_at);
    if (raised) nsp.to(room(workshopId)).emit("workshop:hand-raised", { userId: user.id, raisedAt });
    ack?.({ ok: true, raisedAt });
  });

  on("workshop:lower-hand", async (payload, ack) => {
    const workshopId = payload?.workshopId;
    if (!validId(workshopId)) return fail(ack, "invalid_payload", "workshopId must be a positive integer");
    const [lowered] = await q("lower-hand", `UPDATE workshop_attendees SET hand_raised_at = NULL
      WHERE workshop_id = $1 AND user_id = $2 AND hand_raised_at IS NOT NULL RETURNING user_id`, [workshopId, user.id]);
    if (lowered) nsp.to(room(workshopId)).emit("workshop:hand-lowered", { userId: user.id });
    ack?.({ ok: true });
  });

  on("workshop:mute-user", async (payload, ack) => {
    const workshopId = payload?.workshopId;
    const targetUserId = payload?.targetUserId;
    if (!validId(workshopId) || !validId(targetUserId)) return fail(ack, "invalid_payload", "workshopId and targetUserId are required");
    const [w] = await q("ws-host", `SELECT w.host_id, a.is_co_host FROM workshops w
      LEFT JOIN workshop_attendees a ON a.workshop_id = w.id AND a.user_id = $2 WHERE w.id = $1`, [workshopId, user.id]);
    if (!w) return fail(ack, "not_found", "no such workshop");
    if (Number(w.host_id) !== user.id && !w.is_co_host) return fail(ack, "forbidden", "only the host or a co-host can mute");
    nsp.to(room(workshopId)).emit("workshop:user-muted", { userId: targetUserId });
    ack?.({ ok: true });
  });

  socket.on("disconnecting", () => {
    for (const r of socket.rooms) {
      if (r.startsWith("workshop:")) leave(Number(r.slice("workshop:".length))).catch((e) => console.error(e));
    }
  });
}

nsp.on("connection", (socket) => {
  socket.join(`user:${socket.data.user.id}`);
  registerWorkshopHandlers(socket);
});

process.on("unhandledRejection", (e) => console.error("unhandled", e));
async function openPool() {
  const deadline = Date.now() + 60_000;
  const clients = [];
  while (clients.length < POOL_SIZE) {
    try {
      clients.push(await pool.connect());
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 500)); // PostgreSQL is shared: wait for a free connection
    }
  }
  clients.forEach((c) => c.release());
}

await openPool();
httpServer.listen(PORT, "127.0.0.1", () => console.log(`reference listening on 127.0.0.1:${PORT} (${POOL_SIZE} database connections)`));
