// Scenario 6, the big room (CONTRACT §4 "Big rooms"): N sockets join one live workshop, paced by
// lanes, then one member chats at a low fixed rate. Measured: the time to join all N, join-ack
// latency and timeouts, the bytes all clients received during the join (per join), the server's RSS
// once everyone is in, and the chat's delivery latency and share delivered.
import { now } from "./client.mjs";
import { Hist } from "./hist.mjs";
import { CpuWindow } from "./proc.mjs";
import { createRoom } from "./seed.mjs";
import { measure, strip } from "./fanout.mjs";
import { HOST_ID, log, round, settle, users } from "./common.mjs";

const mib = (b) => round(b / 2 ** 20, 0);

export async function bigRoom(ctx, target, size) {
  const { pool, cfg } = ctx;
  const b = cfg.bigroom;
  const members = users(size);
  const t0seed = now();
  const workshopId = await createRoom(target, HOST_ID, members);
  log(`  ${target.name}: room of ${size} seeded in ${round((now() - t0seed) / 1000)} s`);
  const rssBefore = target.rss();
  const clients = members.map((userId) => ({ userId, token: target.token(userId), workshopId }));
  const parts = pool.split(clients);
  await pool.all("frames", { reset: true });
  const window = new CpuWindow(target.pid);
  const gen0 = await pool.cpuSeconds();
  const t0 = now();
  const joined = await pool.all("connect", (i) => ({ target: strip(target), clients: parts[i], concurrency: b.concurrency,
    ackTimeoutMs: b.ackTimeoutMs }));
  const joinSeconds = (now() - t0) / 1000;
  const cpu = window.end((await pool.cpuSeconds()) - gen0);
  const counted = await pool.all("frames", { reset: true });
  const bytes = counted.reduce((s, f) => s + (f.bytes ?? 0), 0);
  const frames = counted.reduce((s, f) => s + f.frames, 0);
  const ok = joined.reduce((s, j) => s + j.ok, 0);
  const ack = new Hist();
  for (const j of joined) ack.merge(j.join);
  const errors = joined.flatMap((j) => j.errors);
  const rssAfterJoin = target.rss();
  log(`  ${target.name}: ${ok}/${size} joined in ${round(joinSeconds)} s (join ack p50 ${ack.summary().p50} ms, p99 ${ack.summary().p99} ms), ` +
    `${size - ok} failed, ${round(bytes / 2 ** 20)} MiB received (${round(bytes / Math.max(1, ok) / 1024, 2)} KiB/join), ` +
    `RSS ${mib(rssBefore)} → ${mib(rssAfterJoin)} MiB, CPU server ${cpu.serverCpuPct} % / generator ${cpu.generatorCpuPct} %`);
  const result = { size, joined: ok, failed: size - ok, errors: errors.slice(0, 3), joinSeconds: round(joinSeconds, 2),
    joinAckMs: ack.summary(), bytesReceived: bytes, kibPerJoin: round(bytes / Math.max(1, ok) / 1024, 2),
    framesPerJoin: round(frames / Math.max(1, ok), 2), rssBeforeMiB: mib(rssBefore), rssAfterJoinMiB: mib(rssAfterJoin), joinCpu: cpu };
  try {
    if (!pool.java) throw new Error("the big room needs the Java generator (--client java)");
    const senderAck = await pool.call(0, "sender", { target: strip(target), userId: HOST_ID, token: target.token(HOST_ID), workshopId });
    if (!senderAck?.ok) throw new Error(`sender could not join: ${JSON.stringify(senderAck)}`);
    await settle(target, 20_000, pool);
    const room = { workshopId, receivers: ok, senderErrors: 0 };
    const chat = await measure(ctx, target, room, `bigroom-${size}`, b.chatRate, b.chatSeconds);
    log(`  ${target.name} room ${size} chat @ ${b.chatRate}/s: p50 ${chat.latencyMs.p50} ms, p99 ${chat.latencyMs.p99} ms, ` +
      `delivered ${chat.delivered}, RSS ${mib(target.rss())} MiB`);
    result.chat = chat;
    result.rssAfterChatMiB = mib(target.rss());
  } finally {
    await pool.all("close");
    await settle(target, 30_000, pool);
  }
  return result;
}
