// Connect cycles in Debian's headless Chromium with the official socket.io-client (the bundle the web
// package pins), against the packaged server: 50 over WebSocket, 50 over HTTP long-polling only. Each
// cycle connects to /workshop with a JWT, makes one round trip (an ack) and disconnects. A server that
// leaves a long-poll GET unanswered after the client closes stalls Chromium at its 6 connections per
// host: the 6th polling cycle would never connect. CYCLES overrides 50.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium, ok, run } from "./browser.mjs";
import { newUser, startLectern } from "../test/lectern-server.mjs";

const CYCLES = Number(process.env.CYCLES ?? 50);
// the package does not export its browser bundle as a module path: read it from node_modules
const bundle = join(dirname(fileURLToPath(import.meta.url)), "../node_modules/socket.io-client/dist/socket.io.min.js");

async function main() {
  const server = await startLectern();
  const browser = await launchChromium();
  try {
    const user = await newUser(server.baseUrl, "Cycler");
    const page = await (await browser.newContext()).newPage();
    const pageErrors = [];
    page.on("pageerror", (e) => pageErrors.push(e.message));
    await page.goto(server.baseUrl + "/"); // the page's Origin is the allowed one, as for the real room page
    // the page's CSP admits scripts of its own origin only (no inline script): serve the bundle from
    // there, and the cycles run under the real policy (its connect-src must admit the Socket.IO port)
    await page.route("**/__e2e/socket.io.min.js", (route) => route.fulfill({ path: bundle, contentType: "text/javascript" }));
    await page.addScriptTag({ url: server.baseUrl + "/__e2e/socket.io.min.js" });
    for (const transports of [["websocket"], ["polling"]]) {
      const started = Date.now();
      const done = await page.evaluate(async ({ url, token, transports, cycles }) => {
        for (let i = 0; i < cycles; i++) {
          const socket = window.io(url + "/workshop", { auth: { token }, transports, forceNew: true, reconnection: false, timeout: 10_000 });
          await new Promise((resolve, reject) => {
            socket.once("connect", resolve);
            socket.once("connect_error", (e) => reject(new Error(`cycle ${i}: connect_error ${e.message}`)));
          });
          const ack = await socket.timeout(10_000).emitWithAck("workshop:join", { workshopId: 9_007_199_254_740_991 });
          if (ack.ok !== false || ack.error.code !== "not_found") throw new Error(`cycle ${i}: ack ${JSON.stringify(ack)}`);
          socket.disconnect();
        }
        return cycles;
      }, { url: server.socketUrl, token: user.token, transports, cycles: CYCLES });
      ok(`${done} connect cycles over ${transports[0]} with the official client (${Date.now() - started} ms)`);
    }
    if (pageErrors.length) throw new Error(`page errors: ${pageErrors.join("; ")}`);
    ok("no page errors");
  } finally {
    await browser.close();
    await server.stop();
  }
}

run("e2e cycles", main);
