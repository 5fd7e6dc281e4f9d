// A small load driver for profiling the server (not the benchmark: that is bench/). It uses the
// official socket.io-client from web/compat, signs its own HS256 tokens with LECTERN_JWT_SECRET and
// sets workshops up over REST.
//
//   node scripts/perf/load.mjs fanout   --clients 1000 --rate 20 --seconds 20
//   node scripts/perf/load.mjs storm    --clients 2000 --seconds 10
//   node scripts/perf/load.mjs capacity --clients 10000 --rooms 100 --pid <server pid>
//
// Environment: LECTERN_HTTP (default http://127.0.0.1:18480), LECTERN_SOCKET (http://127.0.0.1:18481),
// LECTERN_JWT_SECRET (must match the server's).
import { createRequire } from "node:module";
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";

const require = createRequire(new URL("../../web/compat/package.json", import.meta.url));
const { io } = require("socket.io-client");

const HTTP = process.env.LECTERN_HTTP ?? "http://127.0.0.1:18480";
const SOCKET = process.env.LECTERN_SOCKET ?? "http://127.0.0.1:18481";
const SECRET = process.env.LECTERN_JWT_SECRET ?? "perf-secret-perf-secret-perf-secret-0123456789";

const [scenario, ...args] = process.argv.slice(2);
const opts = {};
for (let i = 0; i < args.length; i += 2) opts[args[i].replace(/^--/, "")] = args[i + 1];
const num = (name, dflt) => (opts[name] === undefined ? dflt : Number(opts[name]));
const userBase = num("userBase", 1_000_000 + Math.floor(Math.random() * 1_000_000_000));

const b64 = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");
function token(userId) {
  const head = b64({ alg: "HS256", typ: "JWT" });
  const body = b64({ sub: String(userId), name: `User ${userId}`, exp: Math.floor(Date.now() / 1000) + 7200 });
  const sig = createHmac("sha256", SECRET).update(`${head}.${body}`).digest("base64url");
  return `${head}.${body}.${sig}`;
}

async function rest(method, path, userId, body) {
  const res = await fetch(HTTP + path, {
    method,
    headers: { authorization: `Bearer ${token(userId)}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** A live workshop hosted by `host` with `members` invited. */
async function liveWorkshop(host, members) {
  const w = await rest("POST", "/api/workshops", host, {
    title: "perf", scheduledStart: new Date(Date.now() + 3_600_000).toISOString(), durationMinutes: 600,
  });
  for (let i = 0; i < members.length; i += 500) {
    await rest("POST", `/api/workshops/${w.id}/invites`, host, { userIds: members.slice(i, i + 500) });
  }
  await rest("POST", `/api/workshops/${w.id}/start`, host);
  return w.id;
}

function connect(userId, stats) {
  return new Promise((resolve, reject) => {
    const s = io(SOCKET + "/workshop", {
      auth: { token: token(userId) }, transports: ["websocket"], reconnection: false, forceNew: true, timeout: 60_000,
    });
    s.once("connect", () => {
      if (stats) s.io.engine.on("data", (d) => { stats.frames++; stats.bytes += d.length; });
      resolve(s);
    });
    s.once("connect_error", (e) => reject(new Error(`user ${userId}: ${e.message}`)));
  });
}

async function join(s, workshopId) {
  const ack = await s.timeout(60_000).emitWithAck("workshop:join", { workshopId });
  if (!ack.ok) throw new Error(JSON.stringify(ack));
  return ack;
}

/** Runs `fn` over `items` with at most `width` at a time. */
async function pool(items, width, fn) {
  let next = 0;
  const out = new Array(items.length);
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, async () => {
    while (next < items.length) { const i = next++; out[i] = await fn(items[i], i); }
  }));
  return out;
}

const pct = (sorted, p) => sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] : NaN;
const summary = (xs) => {
  const s = Float64Array.from(xs).sort();
  return { n: s.length, p50: +pct(s, 0.5).toFixed(1), p90: +pct(s, 0.9).toFixed(1), p99: +pct(s, 0.99).toFixed(1), max: +s[s.length - 1]?.toFixed(1) };
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** CPU seconds the server process has used so far (user + system), from /proc. */
function cpu(pid) {
  if (!pid) return null;
  const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(f[11]) + Number(f[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

function rss(pid) {
  if (!pid) return null;
  const m = readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+)/);
  return Math.round(Number(m[1]) / 1024);
}

async function fanout() {
  const n = num("clients", 1000), rate = num("rate", 20), seconds = num("seconds", 20);
  const host = userBase, users = Array.from({ length: n }, (_, i) => userBase + 1 + i);
  const id = await liveWorkshop(host, users);
  const sockets = await pool(users, 50, async (u) => { const s = await connect(u); await join(s, id); return s; });
  const latencies = [];
  let delivered = 0;
  let measuring = false;
  for (const s of sockets) {
    s.on("workshop:chat-message", (m) => {
      if (!measuring) return;
      delivered++;
      latencies.push(performance.now() - Number(m.message.split(":")[1]));
    });
  }
  await sleep(2000);
  const sender = sockets[0];
  const acks = [];
  measuring = true;
  const cpu0 = cpu(opts.pid);
  const t0 = performance.now();
  let sent = 0;
  await new Promise((resolve) => {
    const timer = setInterval(() => {
      const due = Math.floor(((performance.now() - t0) / 1000) * rate);
      while (sent < due) {
        const at = performance.now();
        sender.timeout(30_000).emitWithAck("workshop:chat", { workshopId: id, message: `${sent}:${at}` })
          .then((a) => { if (a.ok) acks.push(performance.now() - at); else console.error(a); })
          .catch((e) => console.error("ack", e.message));
        sent++;
      }
      if (performance.now() - t0 >= seconds * 1000) { clearInterval(timer); resolve(); }
    }, 2);
  });
  await sleep(3000);
  const cpuSec = opts.pid ? +(cpu(opts.pid) - cpu0).toFixed(2) : null;
  const elapsed = (performance.now() - t0) / 1000;
  const expected = sent * n;
  console.log(JSON.stringify({
    scenario: "fanout", clients: n, rate, seconds, sent, delivered, expected,
    lost: expected - delivered, deliveriesPerSec: Math.round(delivered / (seconds)),
    latencyMs: summary(latencies), chatAckMs: summary(acks), elapsed: +elapsed.toFixed(1), rssMiB: rss(opts.pid),
    serverCpuSec: cpuSec, serverCpuUsPerDelivery: cpuSec === null ? null : +((cpuSec * 1e6) / delivered).toFixed(1),
  }));
  sockets.forEach((s) => s.close());
}

async function storm() {
  const n = num("clients", 2000), seconds = num("seconds", 10);
  const host = userBase, users = Array.from({ length: n }, (_, i) => userBase + 1 + i);
  const id = await liveWorkshop(host, users);
  const stats = { frames: 0, bytes: 0 };
  const joinMs = [], totalMs = [];
  const cpu0 = cpu(opts.pid);
  const t0 = performance.now();
  const sockets = [];
  await Promise.all(users.map(async (u, i) => {
    await sleep((i * seconds * 1000) / n);
    const start = performance.now();
    const s = await connect(u, stats);
    sockets.push(s);
    const at = performance.now();
    await join(s, id);
    joinMs.push(performance.now() - at);
    totalMs.push(performance.now() - start);
  }));
  const joinedAfter = (performance.now() - t0) / 1000;
  await sleep(3000); // let trailing presence frames arrive
  const cpuSec = opts.pid ? +(cpu(opts.pid) - cpu0).toFixed(2) : null;
  // a late joiner's snapshot must list everyone
  const check = await connect(host);
  const ack = await join(check, id);
  console.log(JSON.stringify({
    scenario: "storm", clients: n, seconds, joinedAfterSec: +joinedAfter.toFixed(1),
    joinAckMs: summary(joinMs), connectAndJoinMs: summary(totalMs),
    framesReceived: stats.frames, framesPerJoin: +(stats.frames / n).toFixed(1),
    mibReceived: +(stats.bytes / 1048576).toFixed(1), bytesPerJoin: Math.round(stats.bytes / n),
    attendeesInFinalState: ack.state.attendees.length, rssMiB: rss(opts.pid),
    serverCpuSec: cpuSec, serverCpuMsPerJoin: cpuSec === null ? null : +((cpuSec * 1000) / n).toFixed(2),
  }));
  sockets.forEach((s) => s.close());
  check.close();
}

async function capacity() {
  const n = num("clients", 10000), rooms = num("rooms", 100), idle = num("idle", 15);
  const per = Math.ceil(n / rooms);
  const before = rss(opts.pid);
  const sockets = [];
  for (let r = 0; r < rooms; r++) {
    const host = userBase + r * (per + 1);
    const users = Array.from({ length: per }, (_, i) => host + 1 + i);
    const id = await liveWorkshop(host, users);
    sockets.push(...await pool(users, 50, async (u) => { const s = await connect(u); await join(s, id); return s; }));
  }
  const t = performance.now();
  await sleep(idle * 1000);
  const after = rss(opts.pid);
  console.log(JSON.stringify({
    scenario: "capacity", sockets: sockets.filter((s) => s.connected).length, rooms, idleSec: idle,
    rssBeforeMiB: before, rssAfterMiB: after,
    kibPerSocket: before && after ? Math.round(((after - before) * 1024) / sockets.length) : null,
  }));
  if (opts.hold) await sleep(Number(opts.hold) * 1000);
  sockets.forEach((s) => s.close());
}

const scenarios = { fanout, storm, capacity };
if (!scenarios[scenario]) { console.error("usage: load.mjs fanout|storm|capacity [--option value]…"); process.exit(2); }
scenarios[scenario]().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
