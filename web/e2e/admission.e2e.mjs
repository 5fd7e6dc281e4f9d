// End-to-end: the waiting room, panelists and the backstage switch (CONTRACT §7.2) on the room page served
// by the packaged server, in Debian's headless Chromium. A host, a panelist and two attendees: the attendees
// wait (in order, with their place shown), the host admits one, the panelist denies the other, the panelist
// shows on stage with a badge, and a moderator switches between backstage and live. Setup is REST (dev login);
// everything checked is what each person's page shows. Screenshots go to web/test-results/admission/.
import assert from "node:assert/strict";
import { mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium, ok, run } from "./browser.mjs";
import { startLectern } from "../test/lectern-server.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const shots = join(here, "../test-results/admission");
const TIMEOUT = 15_000;
let step = 0;

async function sees(person, locator, text, what) {
  await locator.filter({ hasText: text }).first().waitFor({ timeout: TIMEOUT });
  ok(`${person.name} ${what ?? `sees “${text}”`}`);
}

async function screenshot(label, people) {
  step++;
  for (const p of people) {
    await p.page.screenshot({ path: join(shots, `${String(step).padStart(2, "0")}-${label}-${p.name.toLowerCase()}.png`), fullPage: true });
  }
}

async function rest(server, method, path, token, body) {
  const res = await fetch(server.baseUrl + path, {
    method,
    headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  assert.ok(res.ok, `${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

async function main() {
  rmSync(shots, { recursive: true, force: true });
  mkdirSync(shots, { recursive: true });
  const server = await startLectern();
  const browser = await launchChromium();
  const pageErrors = [];
  try {
    const base = 3_000_000 + Math.floor(Math.random() * 1_000_000);
    const people = ["Host", "Pat", "Ada", "Bob"].map((name, i) => ({ name, userId: base + i }));
    for (const p of people) {
      p.token = (await rest(server, "POST", "/api/dev/login", null, { userId: p.userId, name: p.name })).token;
    }
    const [host, pat, ada, bob] = people;
    const title = `Waiting room ${base}`;
    const w = await rest(server, "POST", "/api/workshops", host.token, {
      title, scheduledStart: new Date(Date.now() + 2 * 3600_000).toISOString(), durationMinutes: 60, admission: "waiting_room",
    });
    await rest(server, "POST", `/api/workshops/${w.id}/invites`, host.token, { userIds: [pat.userId], role: "panelist" });
    for (const p of [ada, bob]) await rest(server, "POST", `/api/workshops/${w.id}/rsvp`, p.token);
    await rest(server, "POST", `/api/workshops/${w.id}/start`, host.token);
    ok("a live workshop with a waiting room and a panelist is set up");

    for (const p of people) {
      p.context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
      p.page = await p.context.newPage();
      p.page.setDefaultTimeout(TIMEOUT);
      p.page.on("pageerror", (e) => pageErrors.push(`${p.name}: ${e.message}`));
      await p.page.goto(server.baseUrl + "/");
      await p.page.getByLabel("User id").fill(String(p.userId));
      await p.page.getByLabel("Display name").fill(p.name);
      await p.page.getByRole("button", { name: "Sign in" }).click();
      await sees(p, p.page.getByTestId("me"), p.name, "is signed in");
    }
    const roomUrl = `${server.baseUrl}/workshops/${w.id}`;
    for (const p of [host, pat]) {
      await p.page.goto(roomUrl);
      await sees(p, p.page.getByTestId("banner"), "Live", "is in the live room");
    }
    // Ada first, then Bob: the queue is first come first
    await ada.page.goto(roomUrl);
    await sees(ada, ada.page.getByTestId("waiting-position"), "1", "waits first in line");
    await bob.page.goto(roomUrl);
    await sees(bob, bob.page.getByTestId("waiting-position"), "2", "waits second in line");
    for (const p of [ada, bob]) {
      await sees(p, p.page.getByTestId("waiting"), "The host will let you in soon", "is told the host will let them in");
      assert.equal(await p.page.getByTestId("messages").count(), 0, "a waiting user sees nothing of the room");
    }
    for (const p of [host, pat]) {
      await sees(p, p.page.getByTestId("waiting-room-panel").locator("li").nth(1), "Bob", "sees Ada and Bob waiting");
      await sees(p, p.page.getByTestId("attendees"), "panelist", "sees the panelist badge on stage");
    }
    await screenshot("waiting", people);

    // --- the host admits Ada: she is in the room (audience); Bob moves up -------------------------------
    await host.page.getByTestId("waiting-room-panel").locator(`li[data-user="${ada.userId}"]`).getByRole("button", { name: "Admit" }).click();
    await sees(ada, ada.page.getByTestId("banner"), "Live", "is admitted into the live room");
    await sees(ada, ada.page.getByTestId("audience"), "Ada", "sees herself in the audience");
    await sees(ada, ada.page.getByTestId("attendees"), "Pat", "sees the panelist on stage");
    await sees(bob, bob.page.getByTestId("waiting-position"), "1", "moves up to first in line");
    await sees(host, host.page.getByTestId("audience"), "Ada", "sees Ada arrive in the audience");
    await screenshot("admitted", people);

    // --- the panelist denies Bob ------------------------------------------------------------------------
    await pat.page.getByTestId("waiting-room-panel").locator(`li[data-user="${bob.userId}"]`).getByRole("button", { name: "Deny" }).click();
    await sees(bob, bob.page.getByTestId("waiting"), "You were not admitted", "is told he was not admitted");
    await sees(host, host.page.getByTestId("waiting-room-panel"), "Nobody is waiting", "sees the queue empty");
    await sees(host, host.page.getByTestId("waiting-room-panel"), "Denied (1)", "sees Bob among the denied");
    await bob.page.reload();
    await sees(bob, bob.page.getByText("Cannot join"), "forbidden", "stays out after a reload");
    await screenshot("denied", people);

    // --- backstage and back live (no Agora here: the media panel says so, the switch still works) ------
    await pat.page.getByRole("button", { name: "Go backstage" }).click();
    await sees(pat, pat.page.getByTestId("stage"), "Backstage", "is backstage");
    await screenshot("backstage", [pat]);
    await pat.page.getByRole("button", { name: "Go live" }).click();
    await sees(pat, pat.page.getByTestId("stage"), "You are live", "is told they are live");
    assert.equal(await ada.page.getByTestId("stage-switch").count(), 0, "attendees get no stage switch");
    ok("only moderators get the stage switch");
    await screenshot("live-again", [pat]);

    assert.deepEqual(pageErrors, [], "no uncaught errors in any page");
    ok("no uncaught errors in any page");
    console.log(`screenshots in ${shots}`);
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
  }
}

run("e2e admission", main);
