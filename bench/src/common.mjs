// Helpers the scenarios share: progress lines, pauses, users, waiting for a server to go quiet.
import { cpuSeconds } from "./proc.mjs";

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function log(...parts) {
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...parts);
}

export const HOST_ID = 1;
/** Member user ids first..first+n-1 (ids below 1000 are left to hosts). */
export const users = (n, first = 1001) => Array.from({ length: n }, (_, i) => first + i);

/** Waits until the server process uses under 10 % of a core for half a second (or maxMs passes). */
export async function settle(target, maxMs = 20_000) {
  const deadline = Date.now() + maxMs;
  while (Date.now() < deadline) {
    const c0 = cpuSeconds(target.pid);
    await sleep(500);
    if (cpuSeconds(target.pid) - c0 < 0.05) return;
  }
}

export const round = (v, d = 1) => (v === null || v === undefined ? null : Math.round(v * 10 ** d) / 10 ** d);
