// Readings from /proc and the JDK's jcmd: a server's CPU time, RSS and heap, and the whole machine's
// busy time (so load from other processes on this shared machine shows up in the results).
import { readFileSync } from "node:fs";
import { execFile } from "node:child_process";

const TICKS = 100; // USER_HZ on Linux

/** CPU seconds (user + system) a process has used so far. */
export function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

export function rssBytes(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const m = status.match(/VmRSS:\s+(\d+) kB/);
  return m ? Number(m[1]) * 1024 : null;
}

/** Busy and total jiffies of the whole machine. */
export function machineTicks() {
  const cpu = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = cpu[3] + cpu[4];
  const total = cpu.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

export const cores = () => readFileSync("/proc/cpuinfo", "utf8").split("\n").filter((l) => l.startsWith("processor")).length;

/** Samples a process and the machine over a phase: cpu() at the end gives the shares of one core. */
export class CpuWindow {
  /** serverPid: one pid, or several (a multi-node server: their CPU is added up). */
  constructor(serverPid) {
    this.pids = [].concat(serverPid);
    this.t0 = performance.now();
    this.server0 = this.serverSeconds();
    this.machine0 = machineTicks();
  }

  serverSeconds() {
    return this.pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
  }

  /** generatorSeconds: CPU the load generator (all its processes) used in the same window. */
  end(generatorSeconds) {
    const wall = (performance.now() - this.t0) / 1000;
    const server = this.serverSeconds() - this.server0;
    const m = machineTicks();
    const busy = (m.busy - this.machine0.busy) / TICKS;
    const pct = (s) => Math.round((s / wall) * 1000) / 10;
    return { wallSeconds: Math.round(wall * 10) / 10, serverCpuPct: pct(server), generatorCpuPct: pct(generatorSeconds),
      otherCpuPct: pct(Math.max(0, busy - server - generatorSeconds)), machineCores: cores() };
  }
}

function jcmd(javaHome, pid, ...args) {
  return new Promise((resolve) => {
    execFile(`${javaHome}/bin/jcmd`, [String(pid), ...args], { timeout: 60_000 }, (err, stdout) => resolve(err ? "" : stdout));
  });
}

/** Java heap in bytes, used and committed (after a full GC when gc is set); nulls when jcmd fails. */
export async function javaHeap(javaHome, pid, gc = false) {
  if (gc) await jcmd(javaHome, pid, "GC.run");
  const out = await jcmd(javaHome, pid, "GC.heap_info");
  // G1 on JDK 25: "total reserved …K, committed …K, used …K"; older and other collectors: "total …K, used …K"
  const m = out.match(/committed (\d+)K, used (\d+)K/) ?? out.match(/total (\d+)K, used (\d+)K/);
  return m ? { used: Number(m[2]) * 1024, committed: Number(m[1]) * 1024 } : { used: null, committed: null };
}
