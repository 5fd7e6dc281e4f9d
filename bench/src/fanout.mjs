// Scenario 1, fan-out: one member of a full room chats at a fixed rate; every other member's
// send→receive latency is measured, first at the fixed rate, then on a ramp of rising rates to
// find the highest rate the server sustains (p99 ≤ 250 ms, ≥ 99 % delivered, the rate achieved).
import { openConn, now } from "./client.mjs";
import { Hist } from "./hist.mjs";
import { CpuWindow } from "./proc.mjs";
import { createRoom } from "./seed.mjs";
import { HOST_ID, log, round, settle, sleep, users } from "./common.mjs";

const P99_LIMIT_MS = 250;
const REFINE_WITHIN = 0.1;

async function send(sender, workshopId, step, rate, seconds) {
  const total = Math.max(1, Math.round(rate * seconds));
  let sent = 0;
  const t0 = now();
  await new Promise((resolve) => {
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((now() - t0) / 1000) * rate) + 1);
      while (sent < due) {
        sender.emit("workshop:chat", { workshopId, message: `b|${step}|${now()}` });
        sent++;
      }
      if (sent >= total) {
        clearInterval(timer);
        resolve();
      }
    }, 2);
  });
  return { sent, seconds: (now() - t0) / 1000 };
}

export async function measure(ctx, target, room, step, rate, seconds) {
  const { pool } = ctx;
  const window = new CpuWindow(target.pids ?? target.pid);
  const gen0 = await pool.cpuSeconds();
  const errors0 = room.senderErrors;
  // the Java generator sends from its own JVM (one clock for send and receive), with an ack per message
  const { sent, seconds: sendSeconds } = pool.java
    ? await pool.call(0, "send", { step, rate, seconds, workshopId: room.workshopId })
    : await send(room.sender, room.workshopId, step, rate, seconds);
  const expected = sent * room.receivers;
  // drain: wait for the stragglers, at most 2 s past the p99 limit
  const drainEnd = now() + P99_LIMIT_MS + 2000;
  while (now() < drainEnd) {
    const peeks = await pool.all("peek", { step });
    if (peeks.reduce((s, p) => s + p.received, 0) >= expected) break;
    await sleep(100);
  }
  const parts = await pool.all("collect", { step });
  if (pool.java) room.senderErrors += parts[0].senderRefused;
  const hist = new Hist();
  const byNode = {};
  let received = 0;
  for (const p of parts) {
    hist.merge(p.hist);
    received += p.received;
    for (const [node, h] of Object.entries(p.byNode ?? {})) (byNode[node] ??= new Hist()).merge(h);
  }
  const cpu = window.end((await pool.cpuSeconds()) - gen0);
  const latency = hist.summary();
  const achievedRate = sent / sendSeconds;
  const delivered = expected ? received / expected : 0;
  const refused = room.senderErrors - errors0;
  const pass = delivered >= 0.99 && latency.p99 !== null && latency.p99 <= P99_LIMIT_MS && achievedRate >= 0.95 * rate && refused === 0;
  return { rate, achievedRate: round(achievedRate), sent, expected, received, delivered: round(delivered, 4),
    deliveriesPerSec: Math.round(received / sendSeconds), latencyMs: latency,
    // several nodes: the same deliveries split by the receiver's node (node 1 holds the sender; the others get it through Redis)
    ...(target.socketUrls?.length > 1 ? { latencyMsByNode: target.socketUrls.map((u) => (byNode[u] ?? new Hist()).summary()) } : {}),
    refused, pass, cpu,
    // the Java generator's sender asks for an ack: the time until the server confirmed each message
    ...(pool.java ? { senderAckMs: parts[0].senderAckMs, senderAcked: parts[0].senderAcked } : {}) };
}

async function openRoom(ctx, target, size) {
  const members = users(size);
  const workshopId = await createRoom(target, HOST_ID, members);
  // a multi-node target: members spread evenly over its nodes, and each worker holds some on every node
  const urls = target.socketUrls ?? [target.socketUrl];
  const nodeOf = (i) => Math.floor(i / ctx.pool.workers.length) % urls.length;
  const clients = members.map((userId, i) => ({ userId, token: target.token(userId), workshopId, ...(urls.length > 1 ? { socketUrl: urls[nodeOf(i)] } : {}) }));
  const parts = ctx.pool.split(clients);
  const t0 = now();
  const joined = await ctx.pool.all("connect", (i) => ({ target: strip(target), clients: parts[i], concurrency: 32 }));
  const ok = joined.reduce((s, j) => s + j.ok, 0);
  const joinSeconds = (now() - t0) / 1000;
  const joinAck = new Hist();
  for (const j of joined) joinAck.merge(j.join);
  const why = joined.flatMap((j) => j.errors).slice(0, 3).join("; ");
  if (ok < size * 0.9) throw new Error(`only ${ok}/${size} clients joined: ${why}`);
  if (ok < size) log(`  ${target.name}: ${size - ok} of ${size} clients could not join (${why}); measuring the ${ok} that did`);
  let sender;
  let ack;
  if (ctx.pool.java) {
    // the sender in the generator's JVM; closed with the clients by its "close"
    ack = await ctx.pool.call(0, "sender", { target: strip(target), userId: HOST_ID, token: target.token(HOST_ID), workshopId });
    sender = { close: () => {} };
  } else {
    sender = openConn(target, HOST_ID, target.token(HOST_ID)); // on node 1
    await sender.ready;
  }
  const room = { workshopId, sender, receivers: ok, senderErrors: 0, joinSeconds: round(joinSeconds, 2), joinAckMs: joinAck.summary() };
  if (!ctx.pool.java) {
    sender.on("workshop:error", () => room.senderErrors++);
    ack = await sender.request("workshop:join", { workshopId });
  }
  if (!ack?.ok) throw new Error(`sender could not join: ${JSON.stringify(ack)}`);
  log(`  ${target.name}: ${size} clients joined in ${round(joinSeconds)} s (join ack p50 ${room.joinAckMs.p50} ms, p99 ${room.joinAckMs.p99} ms)${urls.length > 1 ? ` over ${urls.length} nodes (the sender on node 1)` : ""}`);
  await settle(target);
  return room;
}

/** What a worker needs to know of a target (functions don't cross process boundaries). */
export const strip = (t) => ({ name: t.name, protocol: t.protocol, socketUrl: t.socketUrl, httpUrl: t.httpUrl });

/** One room size on one server; main.mjs interleaves the servers per size. */
export async function fanout(ctx, target, size) {
  const { cfg } = ctx;
  const room = await openRoom(ctx, target, size);
  try {
    // warm-up at the fixed rate, not reported: JIT compilation, pools and buffers of every server
    await measure(ctx, target, room, `warm-${size}`, cfg.fanout.fixedRate, cfg.fanout.warmupSeconds);
    await settle(target, 10_000, ctx.pool);
    const fixed = await measure(ctx, target, room, `fixed-${size}`, cfg.fanout.fixedRate, cfg.fanout.fixedSeconds);
    log(`  ${target.name} room ${size} @ ${cfg.fanout.fixedRate}/s: p50 ${fixed.latencyMs.p50} ms, p99 ${fixed.latencyMs.p99} ms, ` +
      `max ${fixed.latencyMs.max} ms, ${fixed.deliveriesPerSec} deliveries/s, delivered ${fixed.delivered}`);
    const ramp = [];
    // doubling until a step fails, then geometric bisection between the last pass and the first
    // failure until they are within REFINE_WITHIN of each other (or the step budget is spent)
    let rate = cfg.fanout.rampStart;
    let lastPass = null;
    let firstFail = null;
    for (let i = 0; i < cfg.fanout.rampMaxSteps && rate <= cfg.fanout.rampMaxRate; i++) {
      // a failed step is run once more before it counts: one hiccup of this shared machine is not a limit
      let step;
      for (let attempt = 1; attempt <= 2 && !step?.pass; attempt++) {
        await settle(target, 10_000, ctx.pool);
        step = await measure(ctx, target, room, `ramp-${size}-${rate}-${attempt}`, rate, cfg.fanout.rampStepSeconds);
        step.attempt = attempt;
        ramp.push(step);
        log(`  ${target.name} room ${size} ramp ${rate}/s: p99 ${step.latencyMs.p99} ms, delivered ${step.delivered}, ` +
          `CPU server ${step.cpu.serverCpuPct} % / generator ${step.cpu.generatorCpuPct} % / other ${step.cpu.otherCpuPct} %` +
          ` → ${step.pass ? "sustained" : attempt === 1 ? "not sustained, once more" : "NOT sustained"}`);
      }
      if (step.pass) lastPass = rate;
      else firstFail = rate;
      if (firstFail === null) {
        rate *= 2;
        continue;
      }
      if (lastPass === null || firstFail / lastPass <= 1 + REFINE_WITHIN || firstFail - lastPass <= 2) break;
      rate = Math.round(Math.sqrt(lastPass * firstFail));
    }
    const sustained = ramp.filter((s) => s.pass).reduce((m, s) => Math.max(m, s.rate), 0);
    // the room's join (paced: 32 clients in flight per worker, 32 in all with the Java generator)
    return { size, joined: room.receivers, joinSeconds: room.joinSeconds, joinAckMs: room.joinAckMs, ...target.config, fixed, ramp, sustainedRate: sustained, sustainedDeliveriesPerSec: sustained * size,
      rampCeilingHit: firstFail === null };
  } finally {
    room.sender.close();
    await ctx.pool.all("close");
    await settle(target, 20_000, ctx.pool);
  }
}
