// Scenario 4, REST: closed-loop load of 64 concurrent clients (each its own RSVP'd user) on
// GET /api/workshops/{id} and on token issuance GET /api/workshops/{id}/token.
import { Hist } from "./hist.mjs";
import { CpuWindow } from "./proc.mjs";
import { createRoom } from "./seed.mjs";
import { HOST_ID, log, round, settle, users } from "./common.mjs";

async function load(ctx, target, path, tokens, durationMs) {
  const { pool, cfg } = ctx;
  const lanes = cfg.rest.concurrency;
  const perWorker = pool.split(Array.from({ length: lanes }, (_, i) => tokens[i % tokens.length]));
  const window = new CpuWindow(target.pid);
  const gen0 = await pool.cpuSeconds();
  const parts = await pool.all("rest", (i) => ({ baseUrl: target.httpUrl, path, tokens: perWorker[i], lanes: perWorker[i].length, durationMs }));
  const cpu = window.end((await pool.cpuSeconds()) - gen0);
  const hist = new Hist();
  const statuses = {};
  for (const p of parts) {
    hist.merge(p.hist);
    for (const [k, v] of Object.entries(p.statuses)) statuses[k] = (statuses[k] ?? 0) + v;
  }
  const ok = statuses["200"] ?? 0;
  return { requests: hist.n, ok, statuses, perSecond: Math.round(ok / (durationMs / 1000)), latencyMs: hist.summary(), cpu };
}

export async function rest(ctx, target) {
  const { cfg } = ctx;
  const members = users(cfg.rest.concurrency);
  const workshopId = await createRoom(target, HOST_ID, members);
  const tokens = members.map((id) => target.token(id));
  const result = { concurrency: cfg.rest.concurrency, seconds: cfg.rest.seconds };
  for (const [name, path] of [["workshop", `/api/workshops/${workshopId}`], ["token", `/api/workshops/${workshopId}/token`]]) {
    await load(ctx, target, path, tokens, cfg.rest.warmupSeconds * 1000); // warm-up (JIT, pools), not reported
    await settle(target, 5000);
    const r = await load(ctx, target, path, tokens, cfg.rest.seconds * 1000);
    result[name] = r;
    log(`  ${target.name} GET ${name}: ${r.perSecond} req/s, p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms, ` +
      `statuses ${JSON.stringify(r.statuses)}, server CPU ${r.cpu.serverCpuPct} %, generator CPU ${r.cpu.generatorCpuPct} %`);
  }
  return result;
}

export { round };
