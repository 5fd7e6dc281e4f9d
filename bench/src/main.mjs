// The benchmark's orchestrator (run it through bench/run, which builds what it needs first).
//   node src/main.mjs [--quick] [--scenarios fanout,join,capacity,rest,flood,bigroom] [--servers lectern,reference,ceiling]
//                     [--out DIR] [--workers N] [--nodes 2] [--rooms 200,1000] [--fanout-seconds 1,3,2]
//                     [--client node|java] [--loadgen-threads N] [--ramp-steps N] [--storms 1000] [--join-window MS] [--server-cpus LIST --generator-cpus LIST]
//                     --jar PATH --java-home DIR
// Starts the servers, runs every scenario against every server in turn (interleaved, so drifting
// background load hits all three alike), writes results.json, results.md and chart.svg/.png.
// --nodes 2 (fan-out only) replaces "lectern" by three configurations: one node without Redis, one
// node with Redis, two nodes sharing the database and Redis (room members spread over both).
// --rooms and --fanout-seconds (warm-up, fixed, ramp step) override the fan-out's room sizes and times.
// --client java drives the Socket.IO scenarios with bench/loadgen (one JVM on Netty, --loadgen-threads
// event loops) instead of the official socket.io-client in --workers Node processes; REST stays on Node.
// --server-cpus / --generator-cpus pin the servers and the generator (this process included) with taskset.
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Pool, JavaPool } from "./pool.mjs";
import { startLectern, startReference, startCeiling, newSecret } from "./servers.mjs";
import { fanout } from "./fanout.mjs";
import { joinStorm } from "./join.mjs";
import { bigRoom } from "./bigroom.mjs";
import { capacity } from "./capacity.mjs";
import { rest } from "./rest.mjs";
import { flood } from "./flood.mjs";
import { writeReport } from "./report.mjs";
import { log } from "./common.mjs";

const BENCH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SCENARIOS = { fanout, join: joinStorm, capacity, rest, flood, bigroom: bigRoom };
/** The ceiling has no moderation and no limits to measure: the flood runs on Lectern and the reference only. */
const NOT_ON = { flood: ["ceiling"], bigroom: ["ceiling"] };
/** Scenarios run once per size, and the key their per-size results are listed under. */
const SIZED = { fanout: "rooms", join: "storms", bigroom: "rooms" };
const SERVERS = ["lectern", "reference", "ceiling"];
/** What "lectern" becomes with --nodes 2: the Redis cost on one node, then what a second node buys. */
const LECTERN_NODES = { "lectern-1node-noredis": { nodes: 1 }, "lectern-1node-redis": { nodes: 1, redis: true }, "lectern-2nodes": { nodes: 2, redis: true } };
const REDIS_URL = "redis://127.0.0.1:6379"; // the local Redis that scripts/services.sh keeps up

const FULL = {
  fanout: { sizes: [200, 1000, 2000], fixedRate: 20, warmupSeconds: 5, fixedSeconds: 10, rampStart: 10, rampStepSeconds: 4, rampMaxSteps: 12, rampMaxRate: 5120 },
  join: { sizes: [500, 2000], windowMs: 10_000, convergeTimeoutMs: 30_000 },
  capacity: { rooms: 100, perRoom: 100, idleSeconds: 30 },
  rest: { concurrency: 64, seconds: 10, warmupSeconds: 3 },
  flood: { members: 200, calmSeconds: 5, floodSeconds: 10, ackRate: 3, chatRate: 1 },
  // not in the default run (--scenarios bigroom): 10,000 sockets take minutes and ~2 GiB on each side
  bigroom: { sizes: [10_000], concurrency: 64, ackTimeoutMs: 60_000, chatRate: 5, chatSeconds: 10 },
  dbPoolSize: 20,
};
const QUICK = {
  fanout: { sizes: [60], fixedRate: 20, warmupSeconds: 1, fixedSeconds: 1.5, rampStart: 20, rampStepSeconds: 1, rampMaxSteps: 2, rampMaxRate: 5120 },
  join: { sizes: [30, 60], windowMs: 1000, convergeTimeoutMs: 5000 },
  capacity: { rooms: 3, perRoom: 40, idleSeconds: 1 },
  rest: { concurrency: 64, seconds: 1, warmupSeconds: 0.5 },
  flood: { members: 20, calmSeconds: 1.5, floodSeconds: 3, ackRate: 3, chatRate: 1 },
  bigroom: { sizes: [300], concurrency: 16, ackTimeoutMs: 20_000, chatRate: 5, chatSeconds: 2 },
  // few connections: the quick run shares PostgreSQL (max_connections 100) with the test suite
  dbPoolSize: 4,
};

function parseArgs(argv) {
  const a = { quick: false, scenarios: Object.keys(SCENARIOS).filter((s) => s !== "bigroom"), servers: SERVERS, workers: 2, nodes: 1, client: "node", loadgenThreads: 2 };
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
      case "--nodes": a.nodes = Number(v()); break;
      case "--rooms": a.rooms = v().split(",").map(Number); break;
      case "--fanout-seconds": a.fanoutSeconds = v().split(",").map(Number); break;
      case "--client": a.client = v(); break;
      case "--ramp-steps": a.rampSteps = Number(v()); break;
      case "--storms": a.storms = v().split(",").map(Number); break;
      case "--join-window": a.joinWindowMs = Number(v()); break;
      case "--loadgen-threads": a.loadgenThreads = Number(v()); break;
      case "--server-cpus": a.serverCpus = v(); break;
      case "--generator-cpus": a.generatorCpus = v(); break;
      default: throw new Error(`unknown argument ${argv[i]}`);
    }
  }
  for (const s of a.scenarios) if (!SCENARIOS[s]) throw new Error(`unknown scenario ${s} (${Object.keys(SCENARIOS)})`);
  for (const s of a.servers) if (!SERVERS.includes(s)) throw new Error(`unknown server ${s} (${SERVERS})`);
  if (!a.jar || !a.javaHome) throw new Error("--jar and --java-home are required (bench/run passes them)");
  if (a.nodes !== 1 && a.nodes !== 2) throw new Error("--nodes is 1 or 2");
  if (a.storms?.some((n) => !(n > 0))) throw new Error("--storms takes join storm sizes, e.g. 1000");
  if (a.joinWindowMs !== undefined && !(a.joinWindowMs >= 0)) throw new Error("--join-window takes milliseconds");
  if (a.rampSteps !== undefined && !(a.rampSteps >= 0)) throw new Error("--ramp-steps takes a number (0: the fixed rate only)");
  if (a.client !== "node" && a.client !== "java") throw new Error("--client is node or java");
  if (!(a.loadgenThreads >= 1)) throw new Error("--loadgen-threads takes a number of event-loop threads");
  for (const c of [a.serverCpus, a.generatorCpus]) if (c !== undefined && !/^[0-9]+([,-][0-9]+)*$/.test(c)) throw new Error(`bad CPU list ${c}`);
  if (a.nodes === 2) {
    if (a.scenarios.some((s) => s !== "fanout")) throw new Error("--nodes 2 measures the fan-out only: add --scenarios fanout");
    if (!a.servers.includes("lectern")) throw new Error("--nodes 2 needs the lectern server");
    a.servers = a.servers.flatMap((s) => (s === "lectern" ? Object.keys(LECTERN_NODES) : [s]));
  }
  if (a.rooms?.some((n) => !(n > 0))) throw new Error("--rooms takes room sizes, e.g. 200,1000");
  if (a.fanoutSeconds && (a.fanoutSeconds.length !== 3 || a.fanoutSeconds.some((n) => !(n > 0)))) {
    throw new Error("--fanout-seconds takes warm-up,fixed,ramp-step seconds, e.g. 1,3,2");
  }
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
  const base = args.quick ? QUICK : FULL;
  const [warmupSeconds, fixedSeconds, rampStepSeconds] = args.fanoutSeconds ?? [];
  const cfg = args.rooms || args.fanoutSeconds || args.rampSteps !== undefined
    ? { ...base, fanout: { ...base.fanout, ...(args.rooms ? { sizes: args.rooms } : {}), ...(args.fanoutSeconds ? { warmupSeconds, fixedSeconds, rampStepSeconds } : {}),
      ...(args.rampSteps !== undefined ? { rampMaxSteps: args.rampSteps } : {}) } }
    : base;
  if (args.rooms && args.scenarios.includes("bigroom")) cfg.bigroom = { ...cfg.bigroom, sizes: args.rooms };
  if (args.storms || args.joinWindowMs !== undefined) {
    cfg.join = { ...cfg.join, ...(args.storms ? { sizes: args.storms } : {}), ...(args.joinWindowMs !== undefined ? { windowMs: args.joinWindowMs } : {}) };
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, "-").slice(0, 19);
  const out = path.resolve(args.out ?? path.join(BENCH_DIR, "results", `${stamp}${args.quick ? "-quick" : ""}`));
  mkdirSync(out, { recursive: true });
  const runId = `${process.pid}_${Date.now() % 1e6}`;
  const secret = newSecret();
  const results = {
    meta: { startedAt: new Date().toISOString(), mode: args.quick ? "quick" : "full", config: cfg, servers: args.servers,
      scenarios: args.scenarios, client: args.client, ...(args.client === "java" ? { loadgenThreads: args.loadgenThreads } : { workers: args.workers }),
      ...(args.serverCpus || args.generatorCpus ? { serverCpus: args.serverCpus ?? null, generatorCpus: args.generatorCpus ?? null } : {}), ...(args.nodes > 1 ? { nodes: args.nodes } : {}), machine: machine(args.javaHome) },
  };
  log(`${results.meta.mode} run → ${out}`);
  const targets = {};
  const starters = {
    lectern: () => startLectern({ jar: args.jar, javaHome: args.javaHome, runId, logDir: out, secret, poolSize: cfg.dbPoolSize }),
    reference: () => startReference({ benchDir: BENCH_DIR, runId, logDir: out, secret, poolSize: cfg.dbPoolSize }),
    ceiling: () => startCeiling({ benchDir: BENCH_DIR, javaHome: args.javaHome, logDir: out }),
  };
  for (const [name, c] of Object.entries(LECTERN_NODES)) {
    starters[name] = () => startLectern({ jar: args.jar, javaHome: args.javaHome, runId, logDir: out, secret, poolSize: cfg.dbPoolSize,
      name, nodes: c.nodes, redisUrl: c.redis ? REDIS_URL : null });
  }
  if (args.serverCpus) process.env.BENCH_SERVER_CPUS = args.serverCpus; // servers.mjs launches under taskset
  if (args.generatorCpus) execFileSync("taskset", ["-a", "-p", "-c", args.generatorCpus, String(process.pid)], { stdio: "ignore" });
  const java = args.client === "java";
  const pool = java ? new JavaPool({ benchDir: BENCH_DIR, javaHome: args.javaHome, threads: args.loadgenThreads, cpus: args.generatorCpus })
    : new Pool(args.workers);
  // REST is plain HTTP, and the flood scenario's members use the Node workers' commands: both run on
  // the Node workers whichever client the other Socket.IO scenarios use
  const nodePool = java && (args.scenarios.includes("rest") || args.scenarios.includes("flood")) ? new Pool(args.workers) : pool;
  const floodPool = args.scenarios.includes("flood") ? new Pool(1) : null;
  const interrupted = async () => {
    log("interrupted: stopping the servers");
    pool.close();
    if (nodePool !== pool) nodePool.close();
    floodPool?.close();
    await Promise.all(Object.values(targets).map((t) => t.stop().catch(() => {})));
    process.exit(130);
  };
  process.once("SIGINT", interrupted);
  process.once("SIGTERM", interrupted);
  let failed = false;
  try {
    log(`starting ${args.servers.join(", ")}`);
    await Promise.all(args.servers.map(async (s) => (targets[s] = await starters[s]())));
    for (const s of args.servers) {
      const t = targets[s];
      log(`  ${s}: pid ${(t.pids ?? [t.pid]).join(", ")}, http ${t.httpUrl}, socket ${(t.socketUrls ?? [t.socketUrl]).join(", ")}` +
        `${t.config?.redisPrefix ? `, Redis prefix ${t.config.redisPrefix}` : ""}`);
    }
    const ctx = { pool, cfg, floodPool };
    const nodeCtx = { pool: nodePool, cfg, floodPool };
    for (const scenario of args.scenarios) {
      results[scenario] = {};
      // per room size, the three servers in turn: drifting background load then hits all of them alike
      const sized = SIZED[scenario];
      for (const size of sized ? cfg[scenario].sizes : [null]) {
        for (const s of args.servers.filter((x) => !NOT_ON[scenario]?.includes(x))) {
          log(`${scenario}${size ? ` ${size}` : ""} — ${s}`);
          const t0 = Date.now();
          let own = null; // the flood's Lectern: the same jar with its default limits, for this scenario only
          try {
            if (scenario === "flood" && s === "lectern") {
              own = await startLectern({ jar: args.jar, javaHome: args.javaHome, runId, logDir: out, secret, poolSize: cfg.dbPoolSize,
                name: "lectern-flood", defaultLimits: true });
              log(`  lectern-flood (default limits): pid ${own.pid}, socket ${own.socketUrl}`);
            }
            const r = await SCENARIOS[scenario](scenario === "rest" || scenario === "flood" ? nodeCtx : ctx, own ?? targets[s], size);
            if (sized) (results[scenario][s] ??= { [sized]: [] })[sized].push(r);
            else results[scenario][s] = r;
          } catch (e) {
            failed = true;
            log(`  ${s} ${scenario} FAILED: ${e.stack ?? e}`);
            (results[scenario][s] ??= sized ? { [sized]: [] } : {}).error = String(e.message ?? e).split("\n")[0].slice(0, 300);
            await pool.all("close").catch(() => {});
          } finally {
            await own?.stop().catch(() => {});
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
    floodPool?.close();
    if (nodePool !== pool) nodePool.close();
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
