// End-to-end, media side: a server WITH an Agora app id and certificate (made up: tokens are signed
// locally, but no Agora project answers them) on a machine without Internet access. The token
// endpoint works, the SDK loads lazily from Lectern's own assets, joining Agora fails — and the
// page says media is unavailable while hands and chat keep working.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium, ok, run } from "./browser.mjs";
import { createWorkshop, newUser, rest, startLectern } from "../test/lectern-server.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const shots = join(here, "../test-results/e2e");
const TIMEOUT = 15_000;

async function main() {
  mkdirSync(shots, { recursive: true });
  const server = await startLectern({
    env: { LECTERN_AGORA_APP_ID: "0123456789abcdef0123456789abcdef", LECTERN_AGORA_APP_CERTIFICATE: "fedcba9876543210fedcba9876543210" },
  });
  const browser = await launchChromium(["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"]);
  const pageErrors = [];
  try {
    const host = await newUser(server.baseUrl, "Host");
    const w = await createWorkshop(server.baseUrl, host, [], "Media check");
    await rest(server.baseUrl, host, "POST", `/api/workshops/${w.id}/start`);
    const config = await (await fetch(`${server.baseUrl}/api/client-config`)).json();
    assert.equal(config.rtcConfigured, true);
    ok("client-config says RTC is configured");

    const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    page.on("pageerror", (e) => pageErrors.push(e.message));
    const scripts = [];
    page.on("request", (r) => r.resourceType() === "script" && scripts.push(new URL(r.url()).pathname));
    await page.goto(server.baseUrl + "/");
    await page.evaluate((s) => sessionStorage.setItem("lectern.session", JSON.stringify(s)), { token: host.token, userId: host.userId, name: "Host" });
    await page.goto(`${server.baseUrl}/workshops/${w.id}`);
    await page.getByTestId("banner").filter({ hasText: "Live" }).waitFor();
    await page.getByTestId("media-status").filter({ hasText: "Media is available (publisher)" }).waitFor();
    ok("the host gets a publisher token and is offered media");
    assert.ok(!scripts.some((s) => s.includes("AgoraRTC")), `the Agora SDK is not loaded before it is needed: ${scripts}`);
    ok("the Agora SDK is not loaded with the page");

    await page.getByRole("button", { name: "Join audio and video" }).click();
    await page.waitForResponse((r) => r.url().includes("AgoraRTC") && r.ok(), { timeout: TIMEOUT });
    ok("joining loads the Agora SDK lazily, from Lectern's own assets");
    // without a network the SDK gives up after its own retries
    await page.getByTestId("media-status").filter({ hasText: /Media is unavailable: could not join Agora|Connected to media/ }).waitFor({ timeout: 120_000 });
    const status = await page.getByTestId("media-status").innerText();
    assert.match(status, /Media is unavailable: could not join Agora/, status);
    ok(`without a network the panel says so: “${status.slice(0, 80)}…”`);

    // the room is unaffected
    await page.getByLabel("Message").fill("still here");
    await page.getByLabel("Message").press("Enter");
    await page.getByTestId("messages").locator("li", { hasText: "still here" }).waitFor();
    ok("chat keeps working while media is unavailable");
    await page.screenshot({ path: join(shots, "media-unavailable-no-network.png"), fullPage: true });
    assert.deepEqual(pageErrors, []);
    ok("no uncaught errors");
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
  }
}

run("e2e media", main);
