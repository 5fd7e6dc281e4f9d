// Scenario 2, join storm: N clients connect and join one live workshop, spread evenly over a window.
// Measured: join-ack latency, the time until every client's view of who is present (state snapshot
// + user-joined/user-left + workshop:presence batches) equals the final set, and the frames the
// server sent per join (every Socket.IO packet / WebSocket message all clients received).
import { now } from "./client.mjs";
import { Hist } from "./hist.mjs";
import { CpuWindow } from "./proc.mjs";
import { createRoom } from "./seed.mjs";
import { strip } from "./fanout.mjs";
import { HOST_ID, log, round, settle, sleep, users } from "./common.mjs";

async function storm(ctx, target, size, warmUp = false) {
  const { pool, cfg } = ctx;
  const members = users(size);
  const workshopId = await createRoom(target, HOST_ID, members);
  const startAt = now() + 1000;
  const spread = cfg.join.windowMs;
  const clients = members.map((userId, i) => ({ userId, token: target.token(userId), workshopId, offsetMs: (i * spread) / size }));
  const parts = pool.split(clients);
  const window = new CpuWindow(target.pid);
  const gen0 = await pool.cpuSeconds();
  const results = await pool.all("connect", (i) => ({ target: strip(target), clients: parts[i], startAt, track: true, ackTimeoutMs: 60_000 }));
  const joinsDone = now();
  const join = new Hist();
  const connect = new Hist();
  for (const r of results) {
    join.merge(r.join);
    connect.merge(r.connect);
  }
  const ok = results.reduce((s, r) => s + r.ok, 0);
  // every joined client's view must converge on the set of joined users; give it a while after the last ack
  const joinedIds = results.flatMap((r) => r.joinedIds);
  let views;
  const deadline = now() + cfg.join.convergeTimeoutMs;
  for (;;) {
    views = await pool.all("views", { expectedIds: joinedIds });
    const consistent = views.reduce((s, v) => s + v.consistent, 0);
    if (consistent === ok || now() > deadline) break;
    await sleep(100);
  }
  const consistent = views.reduce((s, v) => s + v.consistent, 0);
  const lastChange = Math.max(...views.map((v) => v.lastChange));
  await sleep(500); // late frames still count
  const counted = await pool.all("frames", {});
  const frames = counted.reduce((s, f) => s + f.frames, 0);
  // the Java generator also counts the bytes on the wire (WebSocket framing and compression included)
  const bytes = pool.java ? counted.reduce((s, f) => s + f.bytes, 0) : null;
  const cpu = window.end((await pool.cpuSeconds()) - gen0);
  const result = {
    size, windowMs: spread, joined: ok, failed: size - ok, errors: results.flatMap((r) => r.errors).slice(0, 3),
    joinAckMs: join.summary(), connectMs: connect.summary(),
    lastAckAfterMs: round(joinsDone - startAt, 0),
    consistentClients: consistent,
    allConsistentAfterMs: consistent === ok && ok > 0 ? round(lastChange - startAt, 0) : null,
    inconsistentSample: views.find((v) => v.sample)?.sample ?? null,
    framesReceived: frames, framesPerJoin: round(frames / Math.max(1, ok), 2),
    ...(bytes !== null ? { bytesReceived: bytes, kibPerJoin: round(bytes / 1024 / Math.max(1, ok), 2) } : {}), cpu,
  };
  log(`  ${target.name} ${warmUp ? "warm-up " : ""}storm ${size}: join ack p50 ${result.joinAckMs.p50} ms, p99 ${result.joinAckMs.p99} ms, ` +
    `${ok}/${size} joined, consistent ${consistent}/${ok} after ${result.allConsistentAfterMs} ms, ${result.framesPerJoin} frames/join` +
    `${bytes !== null ? `, ${result.kibPerJoin} KiB/join` : ""}, generator CPU ${cpu.generatorCpuPct} %`);
  await pool.all("close");
  await settle(target, 30_000, pool);
  return result;
}

/**
 * One storm size on one server; main.mjs interleaves the servers per size. Before a server's first
 * storm, a small unreported one warms it up (JIT, pools), as the fan-out's warm-up phase does.
 */
export async function joinStorm(ctx, target, size) {
  if (!target.joinWarmedUp) {
    const quiet = { ...ctx, cfg: { ...ctx.cfg, join: { ...ctx.cfg.join, convergeTimeoutMs: 2000 } } };
    await storm(quiet, target, Math.max(10, Math.round(size / 10)), true);
    target.joinWarmedUp = true;
  }
  return storm(ctx, target, size);
}
