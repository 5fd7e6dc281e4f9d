// The load generator's worker processes, and the CPU they (plus this orchestrating process) use.
import { fork } from "node:child_process";
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
