// A load-generator process: holds a share of the simulated participants and answers the
// orchestrator's commands over IPC. Several run side by side so one Node event loop is not the limit.
import http from "node:http";
import { openConn, now } from "./client.mjs";
import { Hist } from "./hist.mjs";

const conns = [];
const steps = new Map(); // fan-out step -> { received, hist }

function applyPresence(view, payload) {
  const idOf = (x) => (typeof x === "object" && x !== null ? x.userId : x);
  for (const x of payload?.joined ?? []) view.add(idOf(x));
  for (const x of payload?.left ?? []) view.delete(idOf(x));
}

/** A client's view of who is present: the state snapshot, then joins, leaves and presence batches. */
function track(conn) {
  conn.view = new Set();
  conn.lastChange = null;
  const changed = () => (conn.lastChange = now());
  conn.on("workshop:state", (s) => {
    conn.view = new Set((s?.attendees ?? []).map((a) => a.userId));
    changed();
  });
  conn.on("workshop:user-joined", (p) => {
    conn.view.add(p.userId);
    changed();
  });
  conn.on("workshop:user-left", (p) => {
    conn.view.delete(p.userId);
    changed();
  });
  conn.on("workshop:presence", (p) => {
    applyPresence(conn.view, p);
    changed();
  });
}

/** node: the socket URL of the client's node when the target has several (latency is then also kept per node). */
function onChat(payload, node) {
  const t = now();
  const text = payload?.message;
  if (typeof text !== "string" || !text.startsWith("b|")) return;
  const [, step, sentAt] = text.split("|");
  let s = steps.get(step);
  if (!s) steps.set(step, (s = { received: 0, hist: new Hist() }));
  s.received++;
  s.hist.add(t - Number(sentAt));
  if (node) ((s.byNode ??= {})[node] ??= new Hist()).add(t - Number(sentAt));
}

async function connectOne(target, c, opts, result) {
  if (opts.startAt) {
    const wait = opts.startAt + c.offsetMs - now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  const t0 = now();
  const conn = openConn(c.socketUrl ? { ...target, socketUrl: c.socketUrl } : target, c.userId, c.token); // c.socketUrl: one node of several
  conn.userId = c.userId;
  if (opts.track) track(conn);
  conn.on("workshop:chat-message", (p) => onChat(p, c.socketUrl));
  conns.push(conn);
  try {
    await conn.ready;
    const t1 = now();
    result.connect.add(t1 - t0);
    const ack = await conn.request("workshop:join", { workshopId: c.workshopId }, opts.ackTimeoutMs ?? 60_000);
    if (!ack?.ok) throw new Error(`join refused: ${JSON.stringify(ack?.error ?? ack)}`);
    result.join.add(now() - t1);
    conn.joined = true;
    result.ok++;
  } catch (e) {
    result.failed++;
    if (result.errors.length < 5) result.errors.push(String(e.message ?? e));
    // a client that gives up leaves, as a real one would: the room's final set is then exactly the
    // clients that got their ack, which is what the others' views are checked against
    conn.close();
  }
}

async function connect({ target, clients, concurrency = 64, ...opts }) {
  const result = { ok: 0, failed: 0, errors: [], connect: new Hist(), join: new Hist() };
  if (opts.startAt) {
    await Promise.all(clients.map((c) => connectOne(target, c, opts, result)));
  } else {
    let next = 0;
    const lane = async () => {
      while (next < clients.length) await connectOne(target, clients[next++], opts, result);
    };
    await Promise.all(Array.from({ length: concurrency }, lane));
  }
  return { ok: result.ok, failed: result.failed, joinedIds: conns.filter((c) => c.joined).map((c) => c.userId), errors: result.errors, connect: result.connect.toJSON(),
    join: result.join.toJSON() };
}

function views({ expectedIds }) {
  const expected = new Set(expectedIds);
  let consistent = 0;
  let lastChange = 0;
  let sample = null;
  for (const c of conns) {
    if (!c.view || !c.joined) continue;
    const ok = c.view.size === expected.size && [...c.view].every((id) => expected.has(id));
    if (ok) {
      consistent++;
      lastChange = Math.max(lastChange, c.lastChange ?? 0);
    } else if (!sample) {
      sample = { userId: c.userId, size: c.view.size, missing: [...expected].filter((id) => !c.view.has(id)).slice(0, 5) };
    }
  }
  return { consistent, tracked: conns.filter((c) => c.view && c.joined).length, lastChange, sample };
}

function collect({ step }) {
  const s = steps.get(String(step)) ?? { received: 0, hist: new Hist() };
  steps.delete(String(step));
  const byNode = s.byNode ? { byNode: Object.fromEntries(Object.entries(s.byNode).map(([node, h]) => [node, h.toJSON()])) } : {};
  return { received: s.received, hist: s.hist.toJSON(), ...byNode };
}

function peek({ step }) {
  return { received: steps.get(String(step))?.received ?? 0 };
}

function frames({ reset }) {
  let total = 0;
  for (const c of conns) {
    total += c.frames;
    if (reset) c.frames = 0;
  }
  return { frames: total, open: conns.filter((c) => c.connected).length };
}

async function close() {
  for (const c of conns) c.close();
  flooder = null;
  conns.length = 0;
  steps.clear();
  await new Promise((r) => setTimeout(r, 200));
  return { closed: true };
}

/** Closed-loop HTTP load: `lanes` requests in flight for `durationMs`, each lane with its own user. */
async function rest({ baseUrl, path, tokens, lanes, durationMs }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: lanes });
  const hist = new Hist();
  const statuses = {};
  const end = now() + durationMs;
  const get = (token) => new Promise((resolve) => {
    const req = http.get(baseUrl + path, { agent, headers: { Authorization: `Bearer ${token}` } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode));
    });
    req.on("error", (e) => resolve(e.code ?? "error"));
  });
  await Promise.all(Array.from({ length: lanes }, async (_, i) => {
    while (now() < end) {
      const t0 = now();
      const status = await get(tokens[i % tokens.length]);
      hist.add(now() - t0);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  }));
  agent.destroy();
  return { statuses, hist: hist.toJSON() };
}

/** The flood scenario's attacker: one socket, joined to the room, held here between the two commands. */
let flooder = null;

async function floodJoin({ target, userId, token, workshopId }) {
  const conn = openConn(target, userId, token);
  conn.errors = 0;
  conn.on("workshop:error", () => conn.errors++);
  conns.push(conn);
  await conn.ready;
  const ack = await conn.request("workshop:join", { workshopId });
  if (!ack?.ok) throw new Error(`flooder could not join: ${JSON.stringify(ack)}`);
  flooder = conn;
  return { joined: true };
}

const FLOOD_EVENTS = ["workshop:raise-hand", "workshop:lower-hand", "workshop:chat", "workshop:no-such-event"];

/**
 * Emits without acks, as fast as the client can, for `seconds`: 500 events, then a turn of the event
 * loop so they go out; it only waits when over 4 MiB are still unsent (the server reads slower than
 * this sends), so memory stays bounded and the socket is always full.
 */
async function flood({ workshopId, seconds }) {
  const conn = flooder;
  const errors0 = conn.errors;
  const ws = () => conn.socket?.io?.engine?.transport?.ws;
  const t0 = now();
  let sent = 0;
  while (now() - t0 < seconds * 1000 && conn.connected) {
    for (let i = 0; i < 500; i++, sent++) {
      const event = FLOOD_EVENTS[sent % FLOOD_EVENTS.length];
      conn.emit(event, event === "workshop:chat" ? { workshopId, message: `flood ${sent}` } : { workshopId });
    }
    await new Promise((r) => setImmediate(r));
    while ((ws()?.bufferedAmount ?? 0) > 4 * 2 ** 20 && now() - t0 < seconds * 1000) {
      await new Promise((r) => setTimeout(r, 1));
    }
  }
  return { sent, seconds: Math.round((now() - t0) / 100) / 10, errorEvents: conn.errors - errors0, stillConnected: conn.connected };
}

function cpu() {
  const u = process.cpuUsage();
  return { cpuSeconds: (u.user + u.system) / 1e6, rss: process.memoryUsage().rss };
}

const commands = { connect, views, collect, peek, frames, close, rest, cpu, floodJoin, flood };

process.on("message", async ({ id, cmd, args }) => {
  try {
    process.send({ id, result: await commands[cmd](args ?? {}) });
  } catch (e) {
    process.send({ id, error: String(e.stack ?? e) });
  }
});
process.on("disconnect", () => process.exit(0));
