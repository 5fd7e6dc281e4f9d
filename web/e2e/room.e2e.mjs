// End-to-end: the room page served by the packaged server, in Debian's headless Chromium driven by
// playwright-core. A host and two attendees, each in their own browser context, go through
// join → raise hand → approve speaker → chat → remove → end, and every step checks what each of
// them sees. Screenshots go to web/test-results/e2e/. CHROMIUM overrides /usr/bin/chromium.
import assert from "node:assert/strict";
import { mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium, ok, run } from "./browser.mjs";
import { startLectern } from "../test/lectern-server.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const shots = join(here, "../test-results/e2e");
const TIMEOUT = 15_000;
let step = 0;
/** Waits until `locator` (one element) has `text`; the page updates from socket events. */
async function sees(person, locator, text, what) {
  await locator.filter({ hasText: text }).first().waitFor({ timeout: TIMEOUT });
  ok(`${person.name} ${what ?? `sees “${text}”`}`);
}

async function seesNot(person, locator, what) {
  await locator.first().waitFor({ state: "detached", timeout: TIMEOUT });
  ok(`${person.name} ${what}`);
}

async function screenshot(label, people) {
  step++;
  for (const p of people) {
    await p.page.screenshot({ path: join(shots, `${String(step).padStart(2, "0")}-${label}-${p.name.toLowerCase()}.png`), fullPage: true });
  }
}

async function textsOf(locator) {
  return (await locator.allInnerTexts()).map((t) => t.trim());
}

async function main() {
  rmSync(shots, { recursive: true, force: true });
  mkdirSync(shots, { recursive: true });
  const server = await startLectern();
  const browser = await launchChromium();
  const pageErrors = [];
  try {
    const base = 1_000_000 + Math.floor(Math.random() * 1_000_000);
    // the attendees use a phone-sized and a tablet-sized window
    const people = [
      { name: "Host", userId: base, viewport: { width: 1280, height: 900 } },
      { name: "Ada", userId: base + 1, viewport: { width: 375, height: 740 } },
      { name: "Bob", userId: base + 2, viewport: { width: 768, height: 900 } },
    ];
    for (const p of people) {
      p.context = await browser.newContext({ viewport: p.viewport });
      p.page = await p.context.newPage();
      p.page.setDefaultTimeout(TIMEOUT);
      p.page.on("pageerror", (e) => pageErrors.push(`${p.name}: ${e.message}`));
      await p.page.goto(server.baseUrl + "/");
    }
    const [host, ada, bob] = people;

    // --- dev login: Host and Ada with the mouse, Bob with the keyboard only ---------------------------
    for (const p of [host, ada]) {
      await p.page.getByLabel("User id").fill(String(p.userId));
      await p.page.getByLabel("Display name").fill(p.name);
      await p.page.getByRole("button", { name: "Sign in" }).click();
    }
    await bob.page.keyboard.press("Tab"); // the brand link
    await bob.page.keyboard.press("Tab");
    assert.equal(await bob.page.evaluate(() => document.activeElement?.id), "login-user-id", "Tab reaches the user id field");
    await bob.page.keyboard.type(String(bob.userId));
    await bob.page.keyboard.press("Tab");
    await bob.page.keyboard.type("Bob");
    await bob.page.keyboard.press("Enter");
    ok("Bob signs in with the keyboard alone");
    for (const p of people) await sees(p, p.page.getByTestId("me"), p.name, "is signed in");
    await screenshot("signed-in", people);

    // --- the host creates a workshop; the attendees RSVP ---------------------------------------------
    const title = `E2E workshop ${base}`;
    await host.page.getByLabel("Title").fill(title);
    await host.page.getByLabel("Description (optional)").fill("Created by the e2e test");
    // two hours ahead, so the server's lobby job (15 min before the start) cannot open it mid-test
    const start = new Date(Date.now() + 2 * 3600_000);
    const pad = (n) => String(n).padStart(2, "0");
    const local = `${start.getFullYear()}-${pad(start.getMonth() + 1)}-${pad(start.getDate())}T${pad(start.getHours())}:${pad(start.getMinutes())}`;
    await host.page.getByLabel("Starts at").fill(local);
    await host.page.getByRole("button", { name: "Create workshop" }).click();
    await sees(host, host.page.locator("li"), title, "sees the new workshop in the list");
    for (const p of [ada, bob]) {
      await p.page.reload();
      await p.page.getByRole("button", { name: `RSVP to ${title}` }).click();
      await sees(p, p.page.getByRole("button", { name: `RSVP to ${title}` }), "Going", "is going");
    }
    await screenshot("rsvp", people);

    // --- into the room; the host starts it -----------------------------------------------------------
    await host.page.getByRole("link", { name: `Open the room of ${title}` }).click();
    await sees(host, host.page.getByTestId("banner"), "Scheduled");
    const roomUrl = host.page.url();
    assert.match(roomUrl, /\/workshops\/\d+$/);
    await host.page.getByRole("button", { name: "Start workshop" }).click();
    await sees(host, host.page.getByTestId("banner"), "Live", "sees the banner turn Live");
    // the attendees open the shared link directly: the server answers the client route with the page
    for (const p of [ada, bob]) await p.page.goto(roomUrl);
    for (const p of people) {
      await sees(p, p.page.getByTestId("banner"), "Live");
      for (const other of people) await sees(p, p.page.locator("[data-testid=attendees] li, [data-testid=audience] li"), other.name, `sees ${other.name} in the room`);
      await sees(p, p.page.getByTestId("media-status"), "no Agora project configured", "is told media is unavailable (no Agora configured)");
    }
    assert.ok(await host.page.getByRole("button", { name: "End workshop" }).isVisible());
    assert.equal(await ada.page.getByRole("button", { name: "End workshop" }).count(), 0, "attendees get no end button");
    assert.equal(await ada.page.getByRole("button", { name: "Remove Bob" }).count(), 0, "attendees get no moderation buttons");
    ok("only the host has the host controls");
    const widths = await ada.page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    assert.ok(widths[0] <= widths[1], `no sideways scrolling at 375 px (page ${widths[0]} px wide)`);
    ok("the room fits a 375 px wide phone without sideways scrolling");
    await screenshot("live", people);

    // --- raise hands: the queue is ordered, everyone sees it ------------------------------------------
    await ada.page.getByRole("button", { name: "Raise hand" }).click();
    await sees(ada, ada.page.getByRole("button", { name: "Lower hand" }), "Lower hand", "can lower her hand now");
    await bob.page.getByRole("button", { name: "Raise hand" }).click();
    for (const p of people) {
      await sees(p, p.page.getByTestId("hands").locator("li").nth(1), "Bob", "sees Bob second in the hand queue");
      assert.deepEqual((await textsOf(p.page.getByTestId("hands").locator("li > span:first-child"))), ["Ada", "Bob"]);
      ok(`${p.name} sees the queue in order: Ada, Bob`);
    }
    await screenshot("hands-raised", people);

    // --- the host lets Ada speak ----------------------------------------------------------------------
    await host.page.getByRole("button", { name: "Let Ada speak" }).first().click();
    await sees(ada, ada.page.getByTestId("connection"), "you may speak", "is told she may speak");
    await seesNot(ada, ada.page.getByRole("button", { name: /hand/ }), "no longer needs a hand button");
    for (const p of people) {
      await sees(p, p.page.getByTestId(`person-${ada.userId}`), "speaker", "sees Ada marked as speaker");
      await seesNot(p, p.page.getByTestId("hands").locator("li", { hasText: "Ada" }), "no longer sees Ada's hand in the queue");
      assert.deepEqual(await textsOf(p.page.getByTestId("hands").locator("li > span:first-child")), ["Bob"]);
    }
    await screenshot("speaker-approved", people);

    // --- chat -------------------------------------------------------------------------------------------
    const say = async (p, text) => {
      await p.page.getByLabel("Message").fill(text);
      await p.page.getByLabel("Message").press("Enter");
    };
    await say(ada, "Hello from Ada");
    await say(bob, "Bob here");
    await say(host, "Welcome, both of you");
    for (const p of people) {
      await sees(p, p.page.getByTestId("messages").locator("li").nth(2), "Welcome, both of you", "sees the third message");
      assert.deepEqual(
        (await textsOf(p.page.getByTestId("messages").locator("li p"))),
        ["Hello from Ada", "Bob here", "Welcome, both of you"],
      );
      ok(`${p.name} sees the chat in order`);
    }
    // a reload (a new socket, a client route) brings the history back, once
    await ada.page.reload();
    await sees(ada, ada.page.getByTestId("banner"), "Live", "is back in the live room after a reload");
    await sees(ada, ada.page.getByTestId("messages").locator("li").nth(2), "Welcome", "has the chat history after a reload");
    assert.equal(await ada.page.getByTestId("messages").locator("li").count(), 3);
    ok("Ada has each message once after the reload");
    await screenshot("chat", people);

    // --- the host removes Bob -----------------------------------------------------------------------
    await host.page.getByRole("button", { name: "Remove Bob" }).click();
    await sees(bob, bob.page.getByTestId("removed"), "You were removed", "is told he was removed");
    for (const p of [host, ada]) {
      await seesNot(p, p.page.getByTestId(`person-${bob.userId}`), "no longer sees Bob in the room");
      await seesNot(p, p.page.getByTestId("hands").locator("li", { hasText: "Bob" }), "no longer sees Bob's hand");
    }
    // Bob cannot come back
    await bob.page.reload();
    await sees(bob, bob.page.getByTestId("removed"), "You were removed", "stays out after a reload");
    await screenshot("removed", people);

    // --- the host ends the workshop ------------------------------------------------------------------
    await host.page.getByRole("button", { name: "End workshop" }).click();
    for (const p of [host, ada]) {
      await sees(p, p.page.getByTestId("banner"), "This workshop has ended", "sees the workshop has ended");
      assert.equal(await p.page.getByRole("button", { name: "End workshop" }).count(), 0);
      assert.ok(await p.page.getByLabel("Message").isDisabled(), "chat is closed");
    }
    ok("after the end the chat is closed and there is nothing left to end");
    await sees(bob, bob.page.getByTestId("removed"), "You were removed", "still sees that he was removed");
    await screenshot("ended", people);

    assert.deepEqual(pageErrors, [], "no uncaught errors in any page");
    ok("no uncaught errors in any page");
    console.log(`screenshots in ${shots}`);
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
  }
}

run("e2e", main);
