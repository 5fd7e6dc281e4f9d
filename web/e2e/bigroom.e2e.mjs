// End-to-end: a big room (CONTRACT §4 "Big rooms") in Debian's headless Chromium. The server runs with
// LECTERN_FULL_PRESENCE_LIMIT=2, so a host and three attendees make a big room: attendees see the
// stage and a count, the host also a searchable, paged audience list from /present. Screenshots go to
// web/test-results/e2e/bigroom-*.png.
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium, ok, run } from "./browser.mjs";
import { createWorkshop, newUser, rest, startLectern } from "../test/lectern-server.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const shots = join(here, "../test-results/e2e");
const TIMEOUT = 15_000;

async function sees(person, locator, text, what) {
  await locator.filter({ hasText: text }).first().waitFor({ timeout: TIMEOUT });
  ok(`${person.name} ${what ?? `sees “${text}”`}`);
}

async function main() {
  mkdirSync(shots, { recursive: true });
  const server = await startLectern({ env: { LECTERN_FULL_PRESENCE_LIMIT: "2" } });
  const browser = await launchChromium();
  const pageErrors = [];
  try {
    const people = [];
    for (const name of ["Host", "Ada", "Bob", "Cyd"]) people.push(await newUser(server.baseUrl, name));
    const [host, ada, bob, cyd] = people;
    const w = await createWorkshop(server.baseUrl, host, [ada, bob, cyd], "Big room e2e");
    await rest(server.baseUrl, host, "POST", `/api/workshops/${w.id}/start`);
    for (const p of people) {
      p.context = await browser.newContext({ viewport: { width: 1024, height: 900 } });
      // signed in as this user: the page reads its session from sessionStorage
      await p.context.addInitScript((s) => sessionStorage.setItem("lectern.session", JSON.stringify(s)),
        { token: p.token, userId: p.userId, name: p.name });
      p.page = await p.context.newPage();
      p.page.setDefaultTimeout(TIMEOUT);
      p.page.on("pageerror", (e) => pageErrors.push(`${p.name}: ${e.message}`));
      await p.page.goto(`${server.baseUrl}/workshops/${w.id}`);
      await sees(p, p.page.getByTestId("banner"), "Live");
    }

    // four present, limit two: everyone sees the stage and the count, not the audience
    for (const p of people) {
      await sees(p, p.page.getByTestId("present-count"), "4 present now", "sees the room's count (4)");
      await sees(p, p.page.locator("#people-title"), "On stage (1)", "sees the stage: the host only");
    }
    if (await ada.page.getByTestId(`person-${bob.userId}`).count() !== 0) throw new Error("Ada lists Bob, a plain attendee");
    ok("Ada does not list the other attendees");
    if (await ada.page.getByTestId("audience").count() !== 0) throw new Error("an attendee got the audience list");
    ok("attendees get no audience list");

    // the host pages the audience from /present and searches it
    for (const p of people) await sees(host, host.page.getByTestId("audience-list").locator("li"), p.name, `finds ${p.name} in the audience`);
    await host.page.getByTestId("audience-search").fill("bo");
    await host.page.getByTestId(`audience-${ada.userId}`).waitFor({ state: "detached", timeout: TIMEOUT });
    await sees(host, host.page.getByTestId("audience-list").locator("li"), "Bob", "searches “bo” and finds Bob only");
    await host.page.screenshot({ path: join(shots, "bigroom-host.png"), fullPage: true });
    await ada.page.screenshot({ path: join(shots, "bigroom-attendee.png"), fullPage: true });

    // a raised hand reaches everyone (the name: see docs/signaling.md "Big rooms", what is not sent)
    await ada.page.getByRole("button", { name: "Raise hand" }).click();
    await host.page.getByTestId("hands").locator("li").first().waitFor({ timeout: TIMEOUT });
    ok("Host sees Ada's hand in the queue");

    // Cyd leaves: the count follows (within about a second)
    await cyd.context.close();
    for (const p of [host, ada, bob]) await sees(p, p.page.getByTestId("present-count"), "3 present now", "sees the count drop to 3");
    if (pageErrors.length) throw new Error(`page errors: ${pageErrors.join("; ")}`);
    ok("no page errors");
  } finally {
    await browser.close();
    await server.stop();
  }
}

run("e2e bigroom", main);
