// Helpers the scenarios share: progress lines, pauses, users, waiting for a server to go quiet.
import { cpuSeconds } from "./proc.mjs";

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function log(...parts) {
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...parts);
}

export const HOST_ID = 1;
/** Member user ids first..first+n-1 (ids below 1000 are left to hosts). */
export const users = (n, first = 1001) => Array.from({ length: n }, (_, i) => first + i);

/** CPU seconds used so far by all of a target's server processes (several for a multi-node Lectern). */
const serverCpuSeconds = (target) => (target.pids ?? [target.pid]).reduce((sum, pid) => sum + cpuSeconds(pid), 0);

/**
 * Waits until the server process(es) and the load generator each use under 10 % of a core for half a
 * second (or maxMs passes), so one phase's backlog does not leak into the next measurement.
 */
export async function settle(target, maxMs = 20_000, pool = null) {
  const deadline = Date.now() + maxMs;
  while (Date.now() < deadline) {
    const c0 = serverCpuSeconds(target);
    const g0 = pool ? await pool.cpuSeconds() : 0;
    await sleep(500);
    const quietServer = serverCpuSeconds(target) - c0 < 0.05;
    const quietGenerator = !pool || (await pool.cpuSeconds()) - g0 < 0.1;
    if (quietServer && quietGenerator) return;
  }
}

export const round = (v, d = 1) => (v === null || v === undefined ? null : Math.round(v * 10 ** d) / 10 ** d);
