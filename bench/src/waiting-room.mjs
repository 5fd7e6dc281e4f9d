// The waiting room's figure (issue #15): N users enter a waiting room within a window and a moderator
// admits them all at once. Measured: the time from the admit-all until every user holds a workshop:state,
// and the frames each client received (every Socket.IO packet: acks, positions, the admission, the state,
// presence) while waiting and after the admission, plus what the moderator received.
//   node src/waiting-room.mjs --jar server/target/lectern.jar [--size 2000] [--window-ms 10000] [--out FILE]
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { openConn, now } from "./client.mjs";
import { HOST_ID, log, round, sleep, users } from "./common.mjs";
import { newSecret, startLectern } from "./servers.mjs";

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const size = Number(arg("--size", "2000"));
const windowMs = Number(arg("--window-ms", "10000"));
const jar = path.resolve(arg("--jar", "server/target/lectern.jar"));
const javaHome = process.env.JAVA_HOME;

async function call(target, method, p, userId, body) {
  const r = await fetch(target.httpUrl + p, {
    method,
    headers: { Authorization: `Bearer ${target.token(userId)}`, ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  if (r.status >= 300) throw new Error(`${method} ${p}: ${r.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

async function main() {
  const out = path.resolve(arg("--out", `bench/results/waiting-room-${new Date().toISOString().replace(/[:.]/g, "-")}.json`));
  mkdirSync(path.dirname(out), { recursive: true });
  const target = await startLectern({ jar, javaHome, runId: `${process.pid}_${Date.now() % 1e6}`, logDir: path.dirname(out),
    secret: newSecret(), poolSize: 10 });
  try {
    const members = users(size);
    const w = await call(target, "POST", "/api/workshops", HOST_ID, {
      title: "Waiting room benchmark", scheduledStart: new Date(Date.now() + 600_000).toISOString(), durationMinutes: 240,
      admission: "waiting_room",
    });
    let next = 0;
    await Promise.all(Array.from({ length: 16 }, async () => {
      while (next < members.length) await call(target, "POST", `/api/workshops/${w.id}/rsvp`, members[next++]);
    }));
    await call(target, "POST", `/api/workshops/${w.id}/start`, HOST_ID);
    log(`workshop ${w.id}: ${size} RSVPs, live, waiting room`);

    const host = openConn(target, HOST_ID, target.token(HOST_ID));
    await host.ready;
    let queueFrames = 0;
    let lastQueue = 0;
    host.on("workshop:waiting-room", (q) => {
      queueFrames++;
      lastQueue = q.waiting.length;
    });
    const hostAck = await host.request("workshop:join", { workshopId: w.id });
    if (!hostAck.ok) throw new Error(`host join: ${JSON.stringify(hostAck)}`);

    // everyone enters the waiting room, spread evenly over the window
    const t0 = now();
    const clients = await Promise.all(members.map(async (userId, i) => {
      await sleep((i * windowMs) / size);
      const c = openConn(target, userId, target.token(userId));
      await c.ready;
      const stateAt = new Promise((resolve) => c.on("workshop:state", () => resolve(now())));
      const ack = await c.request("workshop:join", { workshopId: w.id }, 120_000);
      if (!ack.ok || !ack.waiting) throw new Error(`user ${userId} join: ${JSON.stringify(ack)}`);
      return { c, stateAt, position: ack.position };
    }));
    const entered = now() - t0;
    await sleep(1000);
    const framesWaiting = clients.map((x) => x.c.frames);
    const hostFramesWaiting = host.frames;
    log(`${size} waiting after ${round(entered, 0)} ms; moderator queue frames ${queueFrames}, last queue ${lastQueue}`);

    const a0 = now();
    const admitAck = await host.request("workshop:admit", { workshopId: w.id, all: true }, 120_000);
    const ackMs = now() - a0;
    const states = await Promise.all(clients.map((x) => x.stateAt));
    const allStateMs = Math.max(...states) - a0;
    await sleep(1500); // presence batches still on their way count
    const after = clients.map((x, i) => x.c.frames - framesWaiting[i]);
    const sorted = [...after].sort((p, q) => p - q);
    const result = {
      size, windowMs, enteredMs: round(entered, 0), admitted: admitAck.admitted?.length ?? null, admitAckMs: round(ackMs, 0),
      allHoldStateMs: round(allStateMs, 0),
      framesPerClientWhileWaiting: round(framesWaiting.reduce((s, f) => s + f, 0) / size, 2),
      framesPerClientAfterAdmission: { mean: round(after.reduce((s, f) => s + f, 0) / size, 2), p50: sorted[Math.floor(size / 2)], max: sorted[size - 1] },
      moderator: { queueFramesWhileFilling: queueFrames, framesWhileFilling: hostFramesWaiting, framesAfterAdmission: host.frames - hostFramesWaiting },
    };
    log(JSON.stringify(result));
    writeFileSync(out, JSON.stringify(result, null, 2));
    for (const x of clients) x.c.close?.();
    host.close?.();
  } finally {
    await target.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
