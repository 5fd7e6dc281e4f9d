// Scenario 3, capacity: many idle sockets, each joined to one of many workshops, kept alive by
// heartbeats. Measured: server RSS and heap (after a full GC too), CPU while idle, and what one
// connection costs (the growth over the baseline taken just before, divided by the sockets).
import { now } from "./client.mjs";
import { CpuWindow } from "./proc.mjs";
import { createRoom } from "./seed.mjs";
import { strip } from "./fanout.mjs";
import { HOST_ID, log, round, settle, sleep, users } from "./common.mjs";

const MiB = 1024 * 1024;
const mib = (b) => (b === null || b === undefined ? null : round(b / MiB, 1));

export async function capacity(ctx, target) {
  const { pool, cfg } = ctx;
  const { rooms, perRoom, idleSeconds } = cfg.capacity;
  await settle(target);
  const baseline = { heapAfterGc: (await target.heap(true)).used, rss: target.rss() };
  const clients = [];
  for (let r = 0; r < rooms; r++) {
    const members = users(perRoom, 1001 + r * perRoom);
    const workshopId = await createRoom(target, HOST_ID, members);
    for (const userId of members) clients.push({ userId, token: target.token(userId), workshopId });
  }
  log(`  ${target.name}: ${rooms} workshops seeded, connecting ${clients.length} sockets`);
  const t0 = now();
  const parts = pool.split(clients);
  const joined = await pool.all("connect", (i) => ({ target: strip(target), clients: parts[i], concurrency: 48 }));
  const ok = joined.reduce((s, j) => s + j.ok, 0);
  const connectSeconds = (now() - t0) / 1000;
  log(`  ${target.name}: ${ok}/${clients.length} joined in ${round(connectSeconds)} s; idle for ${idleSeconds} s`);
  await settle(target, 30_000, pool);
  const window = new CpuWindow(target.pid);
  const gen0 = await pool.cpuSeconds();
  await sleep(idleSeconds * 1000);
  const idleCpu = window.end((await pool.cpuSeconds()) - gen0);
  const rss = target.rss();
  const heapNow = await target.heap(false);
  const heap = heapNow.used;
  const heapAfterGc = (await target.heap(true)).used;
  const rssAfterGc = target.rss();
  const open = (await pool.all("frames", {})).reduce((s, f) => s + f.open, 0);
  await pool.all("close");
  // null when the value fell: memory an earlier scenario left behind was released meanwhile, so the
  // growth is unknown (a run of the capacity scenario alone starts from a fresh process)
  const perConn = (a, b) => (a === null || b === null || ok === 0 || a < b ? null : round((a - b) / ok / 1024, 1));
  const result = {
    sockets: clients.length, joined: ok, stillOpenAfterIdle: open, workshops: rooms, connectSeconds: round(connectSeconds),
    idleSeconds, rssMiB: mib(rss), heapUsedMiB: mib(heap), heapCommittedMiB: mib(heapNow.committed), heapAfterGcMiB: mib(heapAfterGc), rssAfterGcMiB: mib(rssAfterGc),
    baseline: { rssMiB: mib(baseline.rss), heapAfterGcMiB: mib(baseline.heapAfterGc) },
    perConnectionKiB: { rss: perConn(rss, baseline.rss), heapAfterGc: perConn(heapAfterGc, baseline.heapAfterGc) },
    idleCpu,
  };
  log(`  ${target.name}: RSS ${result.rssMiB} MiB, heap ${result.heapUsedMiB} MiB (${result.heapAfterGcMiB} after GC), ` +
    `idle CPU ${idleCpu.serverCpuPct} %, ${result.perConnectionKiB.rss} KiB RSS / ${result.perConnectionKiB.heapAfterGc} KiB heap per connection, ${open} still open`);
  await settle(target, 30_000, pool);
  return result;
}
