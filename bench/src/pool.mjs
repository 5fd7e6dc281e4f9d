// The load generator's worker processes, and the CPU they (plus this orchestrating process) use.
import { fork, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const WORKER = fileURLToPath(new URL("./worker.mjs", import.meta.url));

export class Pool {
  constructor(size) {
    this.workers = Array.from({ length: size }, () => fork(WORKER, [], { execArgv: ["--max-old-space-size=4096"] }));
    this.pending = new Map();
    this.nextId = 1;
    for (const w of this.workers) {
      w.on("message", ({ id, result, error }) => {
        const p = this.pending.get(id);
        this.pending.delete(id);
        if (error) p.reject(new Error(`worker: ${error}`));
        else p.resolve(result);
      });
    }
  }

  call(i, cmd, args) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.workers[i].send({ id, cmd, args });
    });
  }

  all(cmd, args) {
    return Promise.all(this.workers.map((_, i) => this.call(i, cmd, typeof args === "function" ? args(i) : args)));
  }

  /** Splits items round-robin over the workers. */
  split(items) {
    const parts = this.workers.map(() => []);
    items.forEach((x, i) => parts[i % parts.length].push(x));
    return parts;
  }

  /** CPU seconds used so far by every generator process, this one included. */
  async cpuSeconds() {
    const own = process.cpuUsage();
    const workers = await this.all("cpu");
    return workers.reduce((s, w) => s + w.cpuSeconds, (own.user + own.system) / 1e6);
  }

  close() {
    for (const w of this.workers) w.disconnect();
  }
}

/**
 * The Java load generator (bench/loadgen/LoadGen.java) behind the same interface: one JVM holding every
 * client on a few Netty event-loop threads, driven over stdin/stdout with the worker's commands, plus
 * "sender" and "send" (the chat sender lives in the same JVM, so latencies are on one monotonic clock).
 */
export class JavaPool {
  constructor({ benchDir, javaHome, threads = 2, cpus = null }) {
    const cp = [`${benchDir}/target/loadgen-classes`, `${benchDir}/target/loadgen-lib/*`].join(":");
    const java = [`${javaHome}/bin/java`, "-XX:+UseParallelGC", "-Xss512k", "-cp", cp, "LoadGen"];
    const [cmd, ...argv] = cpus ? ["taskset", "-c", cpus, ...java] : java;
    this.java = true;
    this.proc = spawn(cmd, argv, { stdio: ["pipe", "pipe", "inherit"], env: { ...process.env, LOADGEN_THREADS: String(threads) } });
    this.workers = [this.proc];
    this.pending = new Map();
    this.nextId = 1;
    this.exited = false;
    this.proc.on("exit", (code) => {
      this.exited = true;
      for (const p of this.pending.values()) p.reject(new Error(`the Java load generator exited (${code})`));
      this.pending.clear();
    });
    createInterface({ input: this.proc.stdout }).on("line", (line) => {
      const { id, result, error } = JSON.parse(line);
      const p = this.pending.get(id);
      this.pending.delete(id);
      if (!p) return;
      if (error) p.reject(new Error(`loadgen: ${error}`));
      else p.resolve(result);
    });
  }

  get pid() {
    return this.proc.pid;
  }

  call(_i, cmd, args) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.exited) return reject(new Error("the Java load generator is not running"));
      this.pending.set(id, { resolve, reject });
      this.proc.stdin.write(`${JSON.stringify({ id, cmd, args: args ?? {} })}\n`);
    });
  }

  all(cmd, args) {
    return Promise.all(this.workers.map((_, i) => this.call(i, cmd, typeof args === "function" ? args(i) : args)));
  }

  split(items) {
    return [items];
  }

  /** CPU seconds of the generator JVM (as it reports them) plus this orchestrating process. */
  async cpuSeconds() {
    const own = process.cpuUsage();
    const [j] = await this.all("cpu");
    return j.cpuSeconds + (own.user + own.system) / 1e6;
  }

  close() {
    this.proc.stdin.end();
  }
}
