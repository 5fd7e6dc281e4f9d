// The benchmark's orchestrator (run it through bench/run, which builds what it needs first).
//   node src/main.mjs [--quick] [--scenarios fanout,join,capacity,rest] [--servers lectern,reference,ceiling]
//                     [--out DIR] [--workers N] --jar PATH --java-home DIR
// Starts the servers, runs every scenario against every server in turn (interleaved, so drifting
// background load hits all three alike), writes results.json, results.md and chart.svg/.png.
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Pool } from "./pool.mjs";
import { startLectern, startReference, startCeiling, newSecret } from "./servers.mjs";
import { fanout } from "./fanout.mjs";
import { joinStorm } from "./join.mjs";
import { capacity } from "./capacity.mjs";
import { rest } from "./rest.mjs";
import { writeReport } from "./report.mjs";
import { log } from "./common.mjs";

const BENCH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SCENARIOS = { fanout, join: joinStorm, capacity, rest };
/** Scenarios run once per size, and the key their per-size results are listed under. */
const SIZED = { fanout: "rooms", join: "storms" };
const SERVERS = ["lectern", "reference", "ceiling"];

const FULL = {
  fanout: { sizes: [200, 1000, 2000], fixedRate: 20, warmupSeconds: 5, fixedSeconds: 10, rampStart: 10, rampStepSeconds: 4, rampMaxSteps: 9, rampMaxRate: 5120 },
  join: { sizes: [500, 2000], windowMs: 10_000, convergeTimeoutMs: 30_000 },
  capacity: { rooms: 100, perRoom: 100, idleSeconds: 30 },
  rest: { concurrency: 64, seconds: 10, warmupSeconds: 3 },
  dbPoolSize: 20,
};
const QUICK = {
  fanout: { sizes: [60], fixedRate: 20, warmupSeconds: 1, fixedSeconds: 1.5, rampStart: 20, rampStepSeconds: 1, rampMaxSteps: 2, rampMaxRate: 5120 },
  join: { sizes: [30, 60], windowMs: 1000, convergeTimeoutMs: 5000 },
  capacity: { rooms: 3, perRoom: 40, idleSeconds: 1 },
  rest: { concurrency: 64, seconds: 1, warmupSeconds: 0.5 },
  // few connections: the quick run shares PostgreSQL (max_connections 100) with the test suite
  dbPoolSize: 4,
};

function parseArgs(argv) {
  const a = { quick: false, scenarios: Object.keys(SCENARIOS), servers: SERVERS, workers: 2 };
  for (let i = 0; i < argv.length; i++) {
    const v = () => argv[++i];
    switch (argv[i]) {
      case "--quick": a.quick = true; break;
      case "--scenarios": a.scenarios = v().split(","); break;
      case "--servers": a.servers = v().split(","); break;
      case "--out": a.out = v(); break;
      case "--workers": a.workers = Number(v()); break;
      case "--jar": a.jar = v(); break;
      case "--java-home": a.javaHome = v(); break;
      default: throw new Error(`unknown argument ${argv[i]}`);
    }
  }
  for (const s of a.scenarios) if (!SCENARIOS[s]) throw new Error(`unknown scenario ${s} (${Object.keys(SCENARIOS)})`);
  for (const s of a.servers) if (!SERVERS.includes(s)) throw new Error(`unknown server ${s} (${SERVERS})`);
  if (!a.jar || !a.javaHome) throw new Error("--jar and --java-home are required (bench/run passes them)");
  return a;
}

function machine(javaHome) {
  const version = (cmd, args) => {
    try {
      return execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim().split("\n")[0];
    } catch {
      return null;
    }
  };
  return {
    cpu: os.cpus()[0]?.model, cores: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    kernel: os.release(), node: process.version, java: version(`${javaHome}/bin/java`, ["--version"]),
    postgres: version("psql", ["--version"]), loadAverageAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const cfg = args.quick ? QUICK : FULL;
  const stamp = new Date().toISOString().replace(/[:.]/g, "-").slice(0, 19);
  const out = path.resolve(args.out ?? path.join(BENCH_DIR, "results", `${stamp}${args.quick ? "-quick" : ""}`));
  mkdirSync(out, { recursive: true });
  const runId = `${process.pid}_${Date.now() % 1e6}`;
  const secret = newSecret();
  const results = {
    meta: { startedAt: new Date().toISOString(), mode: args.quick ? "quick" : "full", config: cfg, servers: args.servers,
      scenarios: args.scenarios, workers: args.workers, machine: machine(args.javaHome) },
  };
  log(`${results.meta.mode} run → ${out}`);
  const targets = {};
  const starters = {
    lectern: () => startLectern({ jar: args.jar, javaHome: args.javaHome, runId, logDir: out, secret, poolSize: cfg.dbPoolSize }),
    reference: () => startReference({ benchDir: BENCH_DIR, runId, logDir: out, secret, poolSize: cfg.dbPoolSize }),
    ceiling: () => startCeiling({ benchDir: BENCH_DIR, javaHome: args.javaHome, logDir: out }),
  };
  const pool = new Pool(args.workers);
  const interrupted = async () => {
    log("interrupted: stopping the servers");
    pool.close();
    await Promise.all(Object.values(targets).map((t) => t.stop().catch(() => {})));
    process.exit(130);
  };
  process.once("SIGINT", interrupted);
  process.once("SIGTERM", interrupted);
  let failed = false;
  try {
    log(`starting ${args.servers.join(", ")}`);
    await Promise.all(args.servers.map(async (s) => (targets[s] = await starters[s]())));
    for (const s of args.servers) log(`  ${s}: pid ${targets[s].pid}, http ${targets[s].httpUrl}, socket ${targets[s].socketUrl}`);
    const ctx = { pool, cfg };
    for (const scenario of args.scenarios) {
      results[scenario] = {};
      // per room size, the three servers in turn: drifting background load then hits all of them alike
      const sized = SIZED[scenario];
      for (const size of sized ? cfg[scenario].sizes : [null]) {
        for (const s of args.servers) {
          log(`${scenario}${size ? ` ${size}` : ""} — ${s}`);
          const t0 = Date.now();
          try {
            const r = await SCENARIOS[scenario](ctx, targets[s], size);
            if (sized) (results[scenario][s] ??= { [sized]: [] })[sized].push(r);
            else results[scenario][s] = r;
          } catch (e) {
            failed = true;
            log(`  ${s} ${scenario} FAILED: ${e.stack ?? e}`);
            (results[scenario][s] ??= sized ? { [sized]: [] } : {}).error = String(e.message ?? e).split("\n")[0].slice(0, 300);
            await pool.all("close").catch(() => {});
          }
          log(`  (${Math.round((Date.now() - t0) / 1000)} s)`);
        }
      }
    }
  } catch (e) {
    failed = true;
    log(`FAILED: ${e.stack ?? e}`);
    results.error = String(e.message ?? e);
  } finally {
    pool.close();
    await Promise.all(Object.values(targets).map((t) => t.stop().catch(() => {})));
  }
  results.meta.finishedAt = new Date().toISOString();
  results.meta.loadAverageAtEnd = os.loadavg().map((x) => Math.round(x * 100) / 100);
  writeFileSync(path.join(out, "results.json"), JSON.stringify(results, null, 2));
  await writeReport(results, out);
  log(`wrote ${out}/results.json, results.md, chart.svg${results.chartPng ? ", chart.png" : ""}`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
