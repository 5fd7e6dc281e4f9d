// Starts and stops the three servers under test, each on free ports, each with its own fresh
// PostgreSQL database where it has one, and describes each as a "target" the scenarios drive.
import { spawn, execFileSync } from "node:child_process";
import { createWriteStream } from "node:fs";
import net from "node:net";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { sign } from "./jwt.mjs";
import { rssBytes, javaHeap } from "./proc.mjs";

const PG = { host: "127.0.0.1", port: 5432, user: "postgres" };

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * Runs SQL through psql. PostgreSQL here is shared with other test runs and can briefly have no free
 * connection ("too many clients already"): that is waited out for up to a minute, nothing else is.
 */
function psql(db, sql) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      return execFileSync("psql", ["-h", PG.host, "-p", String(PG.port), "-U", PG.user, "-d", db, "-v", "ON_ERROR_STOP=1", "-qAtc", sql],
        { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    } catch (e) {
      const stderr = String(e.stderr ?? "");
      if (!stderr.includes("too many clients") || Date.now() > deadline) {
        throw new Error(`psql failed: ${stderr.trim().split("\n").slice(-1)[0] || e.message}`.slice(0, 300));
      }
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
    }
  }
}

export function createDatabase(name) {
  psql("postgres", `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  psql("postgres", `CREATE DATABASE ${name}`);
}

export function dropDatabase(name) {
  try {
    psql("postgres", `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } catch {
    // best effort at exit
  }
}

async function waitHttp(url, proc, name, timeoutMs = 180_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`${name} exited with ${proc.exitCode} during start-up (see its log)`);
    try {
      const r = await fetch(url);
      if (r.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${name} did not answer ${url} within ${timeoutMs / 1000} s`);
}

function launch(name, cmd, args, env, logDir) {
  const log = createWriteStream(path.join(logDir, `${name}.log`));
  // bench/run --server-cpus: the server pinned with taskset (which execs it: the pid stays the server's)
  const pin = process.env.BENCH_SERVER_CPUS;
  const [c, a] = pin ? ["taskset", ["-c", pin, cmd, ...args]] : [cmd, args];
  const proc = spawn(c, a, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  proc.stdout.pipe(log);
  proc.stderr.pipe(log);
  return proc;
}

async function stop(proc) {
  if (proc.exitCode !== null) return;
  const exited = new Promise((r) => proc.once("exit", r));
  proc.kill("SIGTERM");
  const timer = setTimeout(() => proc.kill("SIGKILL"), 15_000);
  await exited;
  clearTimeout(timer);
}

const AGORA_APP_ID = "0123456789abcdef0123456789abcdef"; // a well-formed, fake project: tokens are computed, never used
const AGORA_CERT = "fedcba9876543210fedcba9876543210";

/**
 * Lectern as the benchmark runs it. Defaults: one node, no Redis. With redisUrl, every node joins the
 * cluster on its own random LECTERN_REDIS_PREFIX; with nodes > 1, the further nodes run on their own
 * free ports against the same database (node 1 starts first and migrates it, as in MultiNodeIT).
 */
export async function startLectern({ jar, javaHome, runId, logDir, secret, poolSize, name = "lectern", nodes = 1, redisUrl = null,
  defaultLimits = false }) {
  // the benchmark measures throughput with the chat and event limits off, except where the limits are
  // what is measured (the flood scenario: defaultLimits)
  const limits = defaultLimits ? { LECTERN_CHAT_RATE_LIMIT: "20", LECTERN_EVENT_RATE_LIMIT: "60" } // the documented defaults
    : { LECTERN_CHAT_RATE_LIMIT: "0", LECTERN_EVENT_RATE_LIMIT: "0" };
  const db = name === "lectern" ? `lectern_bench_${runId}` : `lectern_bench_${runId}_${name.replace(/^lectern-/, "").replace(/-/g, "_")}`;
  createDatabase(db);
  const redis = redisUrl ? { LECTERN_REDIS_URL: redisUrl, LECTERN_REDIS_PREFIX: `lectern-bench-${randomBytes(6).toString("hex")}` } : {};
  const javaOpts = (process.env.LECTERN_BENCH_JAVA_OPTS ?? "").split(" ").filter(Boolean);
  const procs = [];
  const started = [];
  const stopAll = async () => {
    await Promise.all(procs.map((p) => stop(p)));
    dropDatabase(db);
  };
  try {
    for (let i = 0; i < nodes; i++) {
      const [httpPort, socketPort] = [await freePort(), await freePort()];
      const env = {
        LECTERN_HTTP_PORT: String(httpPort), LECTERN_SOCKET_PORT: String(socketPort), LECTERN_BIND_ADDRESS: "127.0.0.1",
        LECTERN_DB_URL: `jdbc:postgresql://${PG.host}:${PG.port}/${db}`, LECTERN_DB_USER: PG.user, LECTERN_DB_PASSWORD: "",
        LECTERN_JWT_SECRET: secret, LECTERN_DEV_LOGIN: "false", ...limits,
        LECTERN_AGORA_APP_ID: AGORA_APP_ID, LECTERN_AGORA_APP_CERTIFICATE: AGORA_CERT, LECTERN_DB_POOL_SIZE: String(poolSize), ...redis,
        // every simulated client comes from 127.0.0.1: the per-address cap (500 by default) would refuse them
        LECTERN_MAX_CONNECTIONS_PER_IP: "0",
      };
      const proc = launch(i === 0 ? name : `${name}-node${i + 1}`, `${javaHome}/bin/java`, [...javaOpts, "-jar", jar], env, logDir);
      procs.push(proc);
      const httpUrl = `http://127.0.0.1:${httpPort}`;
      await waitHttp(`${httpUrl}/actuator/health`, proc, name);
      started.push({ proc, httpUrl, socketUrl: `http://127.0.0.1:${socketPort}` });
    }
    // a clustered node answers health before its Redis probe came back and before it sees the other nodes
    if (redisUrl) await Promise.all(started.map((n) => waitClusterUp(n.httpUrl, name, nodes)));
  } catch (e) {
    await stopAll();
    throw e;
  }
  const [first] = started;
  return {
    name, protocol: "socketio", pid: first.proc.pid, pids: started.map((n) => n.proc.pid), httpUrl: first.httpUrl,
    socketUrl: first.socketUrl, socketUrls: started.map((n) => n.socketUrl),
    // what --nodes compares, recorded with each fan-out room (absent for the plain "lectern")
    config: name === "lectern" ? undefined : { nodes, redis: Boolean(redisUrl), redisPrefix: redis.LECTERN_REDIS_PREFIX ?? null },
    database: db, javaOpts: javaOpts.join(" "), token: (id) => sign(secret, id, `User ${id}`),
    heap: (gc) => javaHeap(javaHome, first.proc.pid, gc), rss: () => rssBytes(first.proc.pid),
    stop: stopAll,
  };
}

/** Until /actuator/health/signaling says: cluster mode, the Redis bus UP, and all `nodes` alive. */
async function waitClusterUp(httpUrl, name, nodes, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let last = null;
  while (Date.now() < deadline) {
    try {
      const cluster = (await (await fetch(`${httpUrl}/actuator/health/signaling`)).json())?.components?.cluster;
      last = cluster ? `${cluster.status}, ${JSON.stringify(cluster.details ?? {})}` : null;
      if (cluster?.status === "UP" && cluster.details?.mode === "cluster" && cluster.details.aliveNodes >= nodes) return;
    } catch {
      // answered nothing readable yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${name} at ${httpUrl}: cluster not UP with ${nodes} node(s) within ${timeoutMs / 1000} s (is Redis up?): ${last}`);
}

export async function startReference({ benchDir, runId, logDir, secret, poolSize }) {
  const db = `lectern_bench_ref_${runId}`;
  createDatabase(db);
  psql(db, (await import("node:fs")).readFileSync(path.join(benchDir, "reference/schema.sql"), "utf8"));
  const port = await freePort();
  const env = {
    REF_PORT: String(port), REF_JWT_SECRET: secret, REF_DATABASE_URL: `postgres://${PG.user}@${PG.host}:${PG.port}/${db}`,
    REF_AGORA_APP_ID: AGORA_APP_ID, REF_AGORA_APP_CERTIFICATE: AGORA_CERT, REF_DB_POOL_SIZE: String(poolSize),
  };
  const proc = launch("reference", process.execPath, ["--expose-gc", path.join(benchDir, "reference/server.mjs")], env, logDir);
  const httpUrl = `http://127.0.0.1:${port}`;
  await waitHttp(`${httpUrl}/bench/memory`, proc, "reference");
  const memory = async (gc) => (await fetch(`${httpUrl}/bench/memory${gc ? "?gc=1" : ""}`)).json();
  return {
    name: "reference", protocol: "socketio", pid: proc.pid, httpUrl, socketUrl: httpUrl, database: db,
    token: (id) => sign(secret, id, `User ${id}`),
    heap: async (gc) => {
      const m = await memory(gc);
      return { used: m.heapUsed, committed: m.heapTotal };
    },
    rss: () => rssBytes(proc.pid),
    sql: (text) => psql(db, text),
    stop: async () => {
      await stop(proc);
      dropDatabase(db);
    },
  };
}

export async function startCeiling({ benchDir, javaHome, logDir }) {
  const port = await freePort();
  const cp = [path.join(benchDir, "target/ceiling-classes"), path.join(benchDir, "target/ceiling-lib/*")].join(":");
  const proc = launch("ceiling", `${javaHome}/bin/java`, ["-cp", cp, "Ceiling", String(port)], {}, logDir);
  const httpUrl = `http://127.0.0.1:${port}`;
  await waitHttp(`${httpUrl}/api/workshops/1`, proc, "ceiling");
  return {
    name: "ceiling", protocol: "ws", pid: proc.pid, httpUrl, socketUrl: `ws://127.0.0.1:${port}`,
    token: (id) => String(id), heap: (gc) => javaHeap(javaHome, proc.pid, gc), rss: () => rssBytes(proc.pid),
    stop: () => stop(proc),
  };
}

export const newSecret = () => randomBytes(32).toString("hex");
