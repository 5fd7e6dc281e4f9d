// Starts the packaged Lectern server for the JS tests (Vitest's globalSetup and the Playwright e2e
// script): the real jar, an embedded H2 in a fresh temp directory, free ports, dev login on (the
// embedded default). LECTERN_JAR and LECTERN_JAVA (or JAVA_HOME) say which jar and which JDK 21+.
import { spawn } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once("error", fail);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

/** LECTERN_JAVA, else a JDK 21+ (JAVA_HOME, then the newest under /usr/lib/jvm), else `java`, as scripts/lib.sh does. */
function javaBinary() {
  if (process.env.LECTERN_JAVA) return process.env.LECTERN_JAVA;
  const major = (home) => {
    try {
      const m = /JAVA_VERSION="(\d+)/.exec(readFileSync(join(home, "release"), "utf8"));
      return m && existsSync(join(home, "bin", "java")) ? Number(m[1]) : 0;
    } catch {
      return 0;
    }
  };
  if (process.env.JAVA_HOME && major(process.env.JAVA_HOME) >= 21) return join(process.env.JAVA_HOME, "bin", "java");
  let best = null;
  try {
    for (const name of readdirSync("/usr/lib/jvm")) {
      const home = join("/usr/lib/jvm", name);
      if (major(home) >= 21 && (!best || major(home) > major(best))) best = home;
    }
  } catch {
    // no /usr/lib/jvm
  }
  return best ? join(best, "bin", "java") : "java";
}

/**
 * @param {{ extraOrigins?: string[], env?: Record<string, string> }} [options]
 * @returns {Promise<{ baseUrl: string, socketUrl: string, dataDir: string, stop: () => Promise<void> }>}
 */
export async function startLectern(options = {}) {
  const jar = resolve(process.env.LECTERN_JAR ?? join(here, "../../server/target/lectern.jar"));
  if (!existsSync(jar)) throw new Error(`${jar} not found: build it first (mvn -B -DskipTests package at the repository root)`);
  const [httpPort, socketPort] = [await freePort(), await freePort()];
  const baseUrl = `http://127.0.0.1:${httpPort}`;
  const dataDir = mkdtempSync(join(tmpdir(), "lectern-web-test-"));
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("LECTERN_")));
  Object.assign(env, {
    LECTERN_HTTP_PORT: String(httpPort),
    LECTERN_SOCKET_PORT: String(socketPort),
    LECTERN_ALLOWED_ORIGINS: [baseUrl, ...(options.extraOrigins ?? [])].join(","),
    ...options.env,
  });
  const logFile = join(dataDir, "server.log");
  const out = openSync(logFile, "a");
  const child = spawn(javaBinary(), ["-XX:TieredStopAtLevel=1", "-jar", jar], { cwd: dataDir, env, stdio: ["ignore", out, out] });
  closeSync(out); // the child has its own copy
  let exited = null;
  child.on("exit", (code) => (exited = code));

  const deadline = Date.now() + 120_000;
  for (;;) {
    if (exited !== null) throw new Error(`the server exited (${exited}):\n${readFileSync(logFile, "utf8").slice(-4000)}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`the server did not become healthy in 120 s:\n${readFileSync(logFile, "utf8").slice(-4000)}`);
    }
    try {
      const r = await fetch(`${baseUrl}/actuator/health`);
      if (r.ok && (await r.json()).status === "UP") break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }

  return {
    baseUrl,
    socketUrl: `http://127.0.0.1:${socketPort}`,
    dataDir,
    logFile,
    stop: async () => {
      if (exited === null) {
        child.kill("SIGTERM");
        let timer;
        await Promise.race([new Promise((r) => child.once("exit", r)), new Promise((r) => (timer = setTimeout(r, 15_000)))]);
        clearTimeout(timer);
        if (exited === null) child.kill("SIGKILL");
      }
      if (!process.env.LECTERN_KEEP_TEST_DATA) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

let nextUser = 1000 + Math.floor(Math.random() * 1_000_000);

/** A dev-login user: { userId, name, token }. */
export async function newUser(baseUrl, name) {
  const userId = nextUser++;
  const r = await fetch(`${baseUrl}/api/dev/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ userId, name }),
  });
  if (!r.ok) throw new Error(`dev login: ${r.status} ${await r.text()}`);
  const { token } = await r.json();
  return { userId, name, token };
}

/** A REST call as `user`; throws on any non-2xx with the problem body. */
export async function rest(baseUrl, user, method, path, body) {
  const r = await fetch(baseUrl + path, {
    method,
    headers: { Authorization: `Bearer ${user.token}`, ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/**
 * A workshop by `host` with each of `attendees` RSVP'd, starting in two hours: far enough that the
 * server's lobby job (15 minutes before the start) leaves it `scheduled` until a test starts it.
 */
export async function createWorkshop(baseUrl, host, attendees = [], title = "Test workshop") {
  const scheduledStart = new Date(Date.now() + 120 * 60_000).toISOString();
  const w = await rest(baseUrl, host, "POST", "/api/workshops", { title, scheduledStart, durationMinutes: 30 });
  for (const a of attendees) await rest(baseUrl, a, "POST", `/api/workshops/${w.id}/rsvp`);
  return w;
}
