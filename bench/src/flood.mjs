// Scenario 5, flood: one attendee sends events as fast as its client can (raise-hand, lower-hand,
// chat and an unknown event, in turn) while the host keeps moderating (mute-user with an ack) and
// chatting to the room. Measured: the host's moderation-ack latency and the members' delivery
// latency of the host's chat, first calm, then during the flood. Lectern runs here with its default
// limits (LECTERN_EVENT_RATE_LIMIT 60, LECTERN_CHAT_RATE_LIMIT 20: a process of its own, since the
// other scenarios run with the limits off); the reference has no limits at all.
import { openConn, now } from "./client.mjs";
import { Hist } from "./hist.mjs";
import { CpuWindow } from "./proc.mjs";
import { createRoom } from "./seed.mjs";
import { HOST_ID, log, round, settle, sleep, users } from "./common.mjs";
import { strip } from "./fanout.mjs";

const FLOODER_ID = 999;
const ACK_TIMEOUT_MS = 5000;

/**
 * The host's loop for `seconds`: mute-user (acked) at `ackRate` per second and a stamped chat message
 * at `chatRate` per second — together under Lectern's default per-socket limit (60 per 10 s) and
 * chat limit (20 per 10 s), so none of the host's own events is refused for rate.
 */
async function hostLoop(host, workshopId, targetUserId, step, { ackRate, chatRate, seconds }) {
  const acks = new Hist();
  const pending = [];
  let timeouts = 0;
  let refused = 0;
  const t0 = now();
  let sentAcks = 0;
  let sentChats = 0;
  while (now() - t0 < seconds * 1000) {
    const elapsed = (now() - t0) / 1000;
    while (sentAcks < Math.floor(elapsed * ackRate) + 1) {
      sentAcks++;
      const start = now();
      pending.push(host.request("workshop:mute-user", { workshopId, targetUserId }, ACK_TIMEOUT_MS).then((ack) => {
        acks.add(now() - start);
        if (!ack?.ok) refused++;
      }, () => timeouts++));
    }
    while (sentChats < Math.floor(elapsed * chatRate) + 1) {
      sentChats++;
      host.emit("workshop:chat", { workshopId, message: `b|${step}|${now()}` });
    }
    await sleep(5);
  }
  await Promise.all(pending);
  return { acks, sentAcks, sentChats, timeouts, refused };
}

async function phase(ctx, target, room, floodPool, step, flooding) {
  const { cfg, pool } = ctx;
  const window = new CpuWindow(target.pids ?? target.pid);
  const gen0 = (await pool.cpuSeconds()) + (await floodPool.cpuSeconds());
  const seconds = flooding ? cfg.flood.floodSeconds : cfg.flood.calmSeconds;
  const flood = flooding
    ? floodPool.call(0, "flood", { workshopId: room.workshopId, seconds })
    : Promise.resolve(null);
  const host = await hostLoop(room.host, room.workshopId, room.muteTarget, step, { ...cfg.flood, seconds });
  const flooded = await flood;
  // the stragglers of the host's chat, at most 2 s
  const expected = host.sentChats * room.members;
  const drainEnd = now() + 2000;
  while (now() < drainEnd) {
    const peeks = await pool.all("peek", { step });
    if (peeks.reduce((s, p) => s + p.received, 0) >= expected) break;
    await sleep(100);
  }
  const parts = await pool.all("collect", { step });
  const delivery = new Hist();
  let received = 0;
  for (const p of parts) {
    delivery.merge(p.hist);
    received += p.received;
  }
  const cpu = window.end((await pool.cpuSeconds()) + (await floodPool.cpuSeconds()) - gen0);
  return {
    seconds, hostAckMs: host.acks.summary(), hostAcks: host.sentAcks, hostTimeouts: host.timeouts, hostRefused: host.refused,
    deliveryMs: delivery.summary(), expected, received, delivered: expected ? round(received / expected, 4) : 0,
    ...(flooded ? { flood: flooded } : {}), cpu,
  };
}

/** Lectern's own count of refused events, from /actuator/prometheus (null for the reference). */
async function refusedByServer(target) {
  if (!target.name.startsWith("lectern")) return null;
  try {
    const text = await (await fetch(`${target.httpUrl}/actuator/prometheus`)).text();
    const byReason = {};
    for (const line of text.split("\n")) {
      const m = line.match(/^lectern_socket_events_refused_total\{.*reason="([^"]+)".*\}\s+([0-9.eE+]+)/);
      if (m) byReason[m[1]] = Number(m[2]);
    }
    return byReason;
  } catch {
    return null;
  }
}

/** One server; for Lectern, `target` is the flood's own Lectern process (main.mjs starts it with default limits). */
export async function flood(ctx, target) {
  const { cfg, pool } = ctx;
  const members = users(cfg.flood.members);
  const workshopId = await createRoom(target, HOST_ID, [...members, FLOODER_ID]);
  const clients = members.map((userId) => ({ userId, token: target.token(userId), workshopId }));
  const parts = pool.split(clients);
  const joined = await pool.all("connect", (i) => ({ target: strip(target), clients: parts[i], concurrency: 16 }));
  const ok = joined.reduce((s, j) => s + j.ok, 0);
  if (ok < members.length) throw new Error(`only ${ok}/${members.length} members joined: ${joined.flatMap((j) => j.errors).slice(0, 3).join("; ")}`);
  const host = openConn(target, HOST_ID, target.token(HOST_ID));
  await host.ready;
  const hostJoin = await host.request("workshop:join", { workshopId });
  if (!hostJoin?.ok) throw new Error(`host could not join: ${JSON.stringify(hostJoin)}`);
  // the flooder in a process of its own, so that its sending never delays the host's or the members' clocks
  const floodPool = ctx.floodPool;
  await floodPool.call(0, "floodJoin", { target: strip(target), userId: FLOODER_ID, token: target.token(FLOODER_ID), workshopId });
  const room = { workshopId, host, members: ok, muteTarget: members[0] };
  try {
    await settle(target, 10_000, pool);
    const refused0 = await refusedByServer(target);
    const calm = await phase(ctx, target, room, floodPool, `flood-calm-${target.name}`, false);
    await settle(target, 10_000, pool);
    const during = await phase(ctx, target, room, floodPool, `flood-on-${target.name}`, true);
    const refused1 = await refusedByServer(target);
    const refusedDuring = refused1 && Object.fromEntries(Object.entries(refused1).map(([k, v]) => [k, v - (refused0?.[k] ?? 0)]));
    log(`  ${target.name}: flood of ${during.flood.sent} events in ${during.flood.seconds} s (${Math.round(during.flood.sent / during.flood.seconds)}/s); ` +
      `host mute-user ack p50 ${calm.hostAckMs.p50} → ${during.hostAckMs.p50} ms, p99 ${calm.hostAckMs.p99} → ${during.hostAckMs.p99} ms, ` +
      `${during.hostTimeouts} timeouts; members' delivery p99 ${calm.deliveryMs.p99} → ${during.deliveryMs.p99} ms, delivered ${during.delivered}`);
    return { members: ok, calm, flood: during, refusedByServer: refusedDuring };
  } finally {
    host.close();
    await floodPool.call(0, "close");
    await pool.all("close");
    await settle(target, 20_000, pool);
  }
}
