// End-to-end: the host's report page (CONTRACT §7.6) served by the packaged server, in Debian's
// headless Chromium. A host runs a short workshop with two attendees (Ada stays, Bob leaves early
// and comes back), ends it from the room, opens the report from the room's "Report" link, and sees
// one row per attendee, the totals and the presence chart. Screenshots: web/test-results/e2e/report-*.png.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium, ok, run } from "./browser.mjs";
import { newUser, rest, startLectern } from "../test/lectern-server.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const shots = join(here, "../test-results/e2e");
const TIMEOUT = 15_000;

async function main() {
  mkdirSync(shots, { recursive: true });
  const server = await startLectern();
  const browser = await launchChromium();
  const pageErrors = [];
  try {
    const host = await newUser(server.baseUrl, "Host");
    const ada = await newUser(server.baseUrl, "Ada");
    const bob = await newUser(server.baseUrl, "Bob");
    const w = await rest(server.baseUrl, host, "POST", "/api/workshops", {
      title: "Report e2e", scheduledStart: new Date(Date.now() + 10 * 60_000).toISOString(), durationMinutes: 30,
    });
    for (const p of [ada, bob]) await rest(server.baseUrl, p, "POST", `/api/workshops/${w.id}/rsvp`);
    await rest(server.baseUrl, host, "POST", `/api/workshops/${w.id}/start`);

    // each person signed in (the page's own session format) in their own browser context, in the room
    const open = async (user) => {
      const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
      await context.addInitScript((s) => sessionStorage.setItem("lectern.session", s),
        JSON.stringify({ token: user.token, userId: user.userId, name: user.name }));
      const page = await context.newPage();
      page.setDefaultTimeout(TIMEOUT);
      page.on("pageerror", (e) => pageErrors.push(`${user.name}: ${e.message}`));
      await page.goto(`${server.baseUrl}/workshops/${w.id}`);
      await page.getByTestId("banner").filter({ hasText: "Live" }).waitFor();
      return { context, page };
    };
    const hostTab = await open(host);
    const adaTab = await open(ada);
    let bobTab = await open(bob);
    await hostTab.page.getByTestId(`person-${bob.userId}`).waitFor();
    ok("host sees both attendees in the room");
    await bobTab.context.close(); // Bob drops out…
    await hostTab.page.getByTestId(`person-${bob.userId}`).waitFor({ state: "detached" });
    bobTab = await open(bob); // …and comes back: a second session
    await hostTab.page.getByTestId(`person-${bob.userId}`).waitFor();
    ok("Bob left and came back");
    await adaTab.page.getByLabel("Message").fill("Hello from Ada");
    await adaTab.page.getByLabel("Message").press("Enter");
    await hostTab.page.getByTestId("messages").locator("li", { hasText: "Hello from Ada" }).waitFor();

    await hostTab.page.getByRole("button", { name: "End workshop" }).click();
    await hostTab.page.getByTestId("banner").filter({ hasText: "This workshop has ended" }).waitFor();
    await hostTab.page.getByRole("link", { name: "Report" }).click();
    await hostTab.page.waitForURL(`**/workshops/${w.id}/report`);
    ok("host opens the report from the ended room");

    const page = hostTab.page;
    const adaRow = page.getByTestId(`report-row-${ada.userId}`);
    const bobRow = page.getByTestId(`report-row-${bob.userId}`);
    await adaRow.waitFor();
    assert.equal(await page.locator("tbody tr").count(), 2, "one row per attendee, the host left out");
    const cells = async (row) => (await row.locator("th, td").allInnerTexts()).map((t) => t.trim());
    const [adaName, adaSessions, , adaChat] = await cells(adaRow);
    assert.deepEqual([adaName, adaSessions, adaChat], ["Ada", "1", "1"]);
    const [bobName, bobSessions] = await cells(bobRow);
    assert.deepEqual([bobName, bobSessions], ["Bob", "2"]);
    ok("host sees a row per attendee with sessions and chat counts");
    assert.equal((await page.getByTestId("unique-attendees").innerText()).trim(), "2");
    assert.equal((await page.getByTestId("peak-concurrent").innerText()).trim(), "2");
    ok("host sees the totals");
    const d = await page.getByTestId("presence-line").getAttribute("d");
    assert.ok(d && (d.match(/V /g) ?? []).length >= 4, `the chart steps up and down (${d})`);
    ok("host sees the presence chart");

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download CSV" }).click()]);
    assert.match(download.suggestedFilename(), /attendance\.csv$/);
    ok("host downloads the CSV");
    await page.screenshot({ path: join(shots, "report-host.png"), fullPage: true });

    // a plain attendee gets no report
    await adaTab.page.goto(`${server.baseUrl}/workshops/${w.id}/report`);
    await adaTab.page.getByRole("alert").waitFor();
    ok("an attendee is refused the report");

    assert.deepEqual(pageErrors, [], "no uncaught errors in any page");
    ok("no uncaught errors in any page");
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
  }
}

run("e2e report", main);
