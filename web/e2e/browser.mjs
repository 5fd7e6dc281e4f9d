// What both e2e scripts share: Debian's Chromium, launched the way this machine allows, and the
// "ok - …" / "not ok - …" reporting WebClientIT reads.
import { chromium } from "playwright-core";

/** Debian's /usr/bin/chromium (CHROMIUM overrides), headless, with no background network traffic. */
export function launchChromium(extraArgs = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", ...extraArgs],
  });
}

let checks = 0;

export function ok(what) {
  checks++;
  console.log(`ok - ${what}`);
}

/** Runs a scenario, prints "<name>: N checks passed" or "not ok - <error>" and sets the exit code. */
export function run(name, scenario) {
  scenario().then(
    () => console.log(`${name}: ${checks} checks passed`),
    (e) => {
      console.error(`not ok - ${e.stack ?? e}`);
      process.exitCode = 1;
    },
  );
}
