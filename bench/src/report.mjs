// results.json → results.md (tables and Lectern's ratios against the targets), chart.svg (drawn here,
// no library) and chart.png (the SVG screenshotted by Debian's headless Chromium, when installed).
import { writeFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { execFileSync } from "node:child_process";
import os from "node:os";
import path from "node:path";

const SERVERS = ["lectern", "reference", "ceiling"];
const COLORS = { lectern: "#1f77b4", reference: "#ff7f0e", ceiling: "#7f7f7f",
  "lectern-1node-noredis": "#1f77b4", "lectern-1node-redis": "#6baed6", "lectern-2nodes": "#2ca02c" };
/** The servers of a run in its order: the usual three, or with --nodes 2 "lectern" as three configurations. */
const serversOf = (results) => (results.meta.nodes ? results.meta.servers : SERVERS);
const fmt = (v, d = 1) => (v === null || v === undefined || Number.isNaN(v) ? "–" : typeof v === "number" ? String(Math.round(v * 10 ** d) / 10 ** d) : String(v));
const ratio = (a, b) => (a === null || a === undefined || !b ? null : a / b);
const row = (cells) => `| ${cells.join(" | ")} |`;
const table = (head, rows) => [row(head), row(head.map(() => "---")), ...rows.map(row)].join("\n");
const present = (results, scenario) => serversOf(results).filter((s) => results[scenario]?.[s]);
const cpuCell = (c) => (c ? `${fmt(c.serverCpuPct, 0)} / ${fmt(c.generatorCpuPct, 0)} / ${fmt(c.otherCpuPct, 0)}` : "–");
const verdict = (ok) => (ok === null ? "n/a" : ok ? "**met**" : "**not met**");

function fanoutSection(results) {
  const servers = present(results, "fanout");
  if (!servers.length) return [];
  const lines = ["## Fan-out", "",
    `One member chats at ${results.meta.config.fanout.fixedRate} messages/s; latency is send → receive over every delivery. ` +
    "The sustained rate is the highest rate on the ramp with p99 ≤ 250 ms, ≥ 99 % delivered and the rate achieved by the sender. " +
    "CPU is % of one core: server / load generator / everything else on the machine.", ""];
  const rows = [];
  const sizes = results.meta.config.fanout.sizes;
  for (const size of sizes) {
    for (const s of servers) {
      const room = results.fanout[s].rooms?.find((r) => r.size === size);
      if (!room) {
        rows.push([String(size), s, results.fanout[s].error ?? "–", "", "", "", "", "", "", "", ""]);
        continue;
      }
      const f = room.fixed;
      const sustainedStep = room.ramp.find((x) => x.pass && x.rate === room.sustainedRate);
      rows.push([String(size), s, fmt(f.latencyMs.p50, 2), fmt(f.latencyMs.p99, 2), fmt(f.latencyMs.max, 1), fmt(f.deliveriesPerSec, 0),
        room.ramp.length === 0 ? "no ramp" : room.sustainedRate === 0 ? `< ${results.meta.config.fanout.rampStart}` : `${fmt(room.sustainedRate, 0)}${room.rampCeilingHit ? " (ramp end)" : ""}`,
        room.ramp.length === 0 ? "–" : fmt(room.sustainedDeliveriesPerSec, 0),
        cpuCell(sustainedStep?.cpu ?? f.cpu), cpuPerDelivery(sustainedStep), cpuPerDelivery(f)]);
    }
  }
  lines.push(table(["room", "server", "p50 ms", "p99 ms", "max ms", "deliveries/s", "sustained msg/s", "sustained deliveries/s",
    "CPU % at sustained (srv/gen/other)", "server CPU µs per delivery at sustained", `server CPU µs per delivery @${results.meta.config.fanout.fixedRate}/s`], rows), "");
  return lines;
}

/** Server CPU time per delivery in a step (the sustained one, or the fixed rate): what a delivery costs the server, whoever else shares the machine. */
function cpuPerDelivery(step) {
  if (!step?.cpu?.serverCpuPct || !step.deliveriesPerSec) return "–";
  return fmt((step.cpu.serverCpuPct / 100) * 1e6 / step.deliveriesPerSec, 1);
}

/** --nodes 2: the three Lectern configurations against one node without Redis, per room size. */
function nodesSection(results) {
  const base = "lectern-1node-noredis";
  const configs = present(results, "fanout").filter((s) => s.startsWith("lectern-"));
  if (!results.meta.nodes || !results.fanout?.[base]) return [];
  const rows = [];
  for (const size of results.meta.config.fanout.sizes) {
    const b = results.fanout[base].rooms?.find((r) => r.size === size);
    for (const s of configs) {
      const r = results.fanout[s].rooms?.find((x) => x.size === size);
      if (!r) {
        rows.push([String(size), s, results.fanout[s].error ?? "–", "", "", "", "", "", "", ""]);
        continue;
      }
      rows.push([String(size), s, String(r.nodes ?? 1), fmt(r.fixed.latencyMs.p50, 2), fmt(r.fixed.latencyMs.p99, 2), fmt(r.fixed.deliveriesPerSec, 0),
        r.fixed.latencyMsByNode ? r.fixed.latencyMsByNode.map((x) => `${fmt(x.p50, 2)} / ${fmt(x.p99, 2)}`).join(" · ") : "–",
        r.sustainedRate === 0 ? `< ${results.meta.config.fanout.rampStart}` : fmt(r.sustainedRate, 0),
        b ? fmt(r.fixed.latencyMs.p50 - b.fixed.latencyMs.p50, 2) : "–",
        b && b.sustainedRate ? `${fmt(r.sustainedRate / b.sustainedRate, 2)}×` : "–"]);
    }
  }
  return ["## Nodes", "",
    "Lectern on one node without Redis, one node with Redis (every broadcast also published, presence in PostgreSQL), and two nodes " +
    "sharing the database and Redis with the room's members spread evenly over both (the sender on node 1). CPU above is both nodes' together. " +
    "All on one machine: a second node here adds no cores.", "",
    table(["room", "configuration", "nodes", `p50 ms @${results.meta.config.fanout.fixedRate}/s`, "p99 ms", "deliveries/s", "p50 / p99 ms by receiver's node (node 1 · node 2)", "sustained msg/s",
      `p50 − ${base}, ms`, `sustained ÷ ${base}`], rows), ""];
}

function joinSection(results) {
  const servers = present(results, "join");
  if (!servers.length) return [];
  const rows = [];
  for (const size of results.meta.config.join.sizes) {
    for (const s of servers) {
      const st = results.join[s].storms?.find((x) => x.size === size);
      if (!st) {
        rows.push([String(size), s, results.join[s].error ?? "–", "", "", "", "", "", ""]);
        continue;
      }
      rows.push([String(size), s, fmt(st.joinAckMs.p50, 1), fmt(st.joinAckMs.p99, 1), `${st.joined}/${st.size}`,
        st.allConsistentAfterMs === null ? `never (${st.consistentClients}/${st.joined} joined)` : fmt(st.allConsistentAfterMs, 0),
        fmt(st.framesPerJoin, 2), fmt(st.kibPerJoin, 2), cpuCell(st.cpu)]);
    }
  }
  return ["## Join storm", "",
    `Clients connect and join one live workshop, spread evenly over ${results.meta.config.join.windowMs / 1000} s. ` +
    "\"Consistent\" is measured from the first connect until every client's view of who is present (state snapshot + user-joined/left + presence batches) equals the final set. " +
    "Frames per join = every packet all clients received (connect, acks, events) ÷ joins.", "",
    table(["clients", "server", "join ack p50 ms", "join ack p99 ms", "joined", "all consistent after ms", "frames/join", "KiB/join (Java generator)", "CPU % (srv/gen/other)"], rows), ""];
}

function capacitySection(results) {
  const servers = present(results, "capacity");
  if (!servers.length) return [];
  const rows = servers.map((s) => {
    const c = results.capacity[s];
    if (c.error) return [s, c.error, "", "", "", "", "", "", "", ""];
    return [s, `${c.joined}/${c.sockets} (${c.stillOpenAfterIdle} open after idle)`, fmt(c.rssMiB), fmt(c.baseline.rssMiB), fmt(c.heapCommittedMiB), fmt(c.heapUsedMiB), fmt(c.heapAfterGcMiB),
      fmt(c.idleCpu.serverCpuPct, 1), fmt(c.perConnectionKiB.rss), fmt(c.perConnectionKiB.heapAfterGc)];
  });
  const c0 = results.capacity[servers[0]];
  return ["## Capacity", "",
    `${c0.sockets ?? "?"} sockets in ${c0.workshops ?? "?"} workshops, idle for ${c0.idleSeconds ?? "?"} s with heartbeats. ` +
    "Per connection = (value with the sockets − baseline just before) ÷ sockets. For the reference, heap is V8's heapUsed / heapTotal.", "",
    table(["server", "joined", "RSS MiB", "RSS before MiB", "heap committed MiB", "heap used MiB", "heap after GC MiB", "idle CPU %", "KiB RSS / conn", "KiB heap / conn"], rows), ""];
}

function restSection(results) {
  const servers = present(results, "rest");
  if (!servers.length) return [];
  const rows = [];
  for (const endpoint of ["workshop", "token"]) {
    for (const s of servers) {
      const r = results.rest[s][endpoint];
      if (!r) {
        rows.push([endpoint, s, results.rest[s].error ?? "–", "", "", "", ""]);
        continue;
      }
      const non200 = r.requests - r.ok;
      rows.push([endpoint === "workshop" ? "GET /api/workshops/{id}" : "GET /api/workshops/{id}/token", s, fmt(r.perSecond, 0),
        fmt(r.latencyMs.p50, 2), fmt(r.latencyMs.p99, 2), String(non200), cpuCell(r.cpu)]);
    }
  }
  return ["## REST", "", `${results.meta.config.rest.concurrency} concurrent clients (keep-alive), closed loop, ${results.meta.config.rest.seconds} s per endpoint after a warm-up.`, "",
    table(["endpoint", "server", "req/s", "p50 ms", "p99 ms", "non-200", "CPU % (srv/gen/other)"], rows), ""];
}

function floodSection(results) {
  const servers = present(results, "flood");
  if (!servers.length) return [];
  const c = results.meta.config.flood;
  const rows = [];
  for (const s of servers) {
    const f = results.flood[s];
    if (f.error) {
      rows.push([s, f.error, "", "", "", "", "", "", ""]);
      continue;
    }
    for (const [name, p] of [["calm", f.calm], ["flood", f.flood]]) {
      rows.push([name === "calm" ? s : "", name === "calm" ? "–" : `${p.flood.sent} (${fmt(p.flood.sent / p.flood.seconds, 0)}/s)`,
        `${fmt(p.hostAckMs.p50, 1)} / ${fmt(p.hostAckMs.p99, 1)} / ${fmt(p.hostAckMs.max, 0)}`, `${p.hostTimeouts + p.hostRefused}/${p.hostAcks}`,
        `${fmt(p.deliveryMs.p50, 1)} / ${fmt(p.deliveryMs.p99, 1)}`, fmt(p.delivered, 3),
        name === "calm" || !f.refusedByServer ? "–" : Object.entries(f.refusedByServer).filter(([, v]) => v).map(([k, v]) => `${k} ${v}`).join(", ") || "0",
        name === "calm" ? "–" : String(p.flood.errorEvents), cpuCell(p.cpu)]);
    }
  }
  return ["## Flood", "",
    `${c.members} members and the host in one live workshop; one more attendee sends raise-hand, lower-hand, chat and an unknown event in turn, ` +
    `without acks, as fast as its client can for ${c.floodSeconds} s (calm: ${c.calmSeconds} s without it). Meanwhile the host sends mute-user with an ack ` +
    `${c.ackRate}/s and a chat message ${c.chatRate}/s, which every member receives. Lectern runs with its default limits (60 events per socket per 10 s, 20 chat messages per user per 10 s); ` +
    "the reference has none. Host acks: 5 s timeout.", "",
    table(["server", "flood events sent", "host mute-user ack p50 / p99 / max ms", "host acks timed out or refused", "members' delivery p50 / p99 ms", "delivered",
      "refused by the server", "workshop:error to the flooder", "CPU % (srv/gen/other)"], rows), ""];
}

/** Lectern against the issue's targets, as ratios measured in the same run. */
export function targets(results) {
  const out = [];
  const fan = results.fanout;
  if (fan?.lectern?.rooms) {
    for (const room of fan.lectern.rooms) {
      const ref = fan.reference?.rooms?.find((r) => r.size === room.size);
      const ceil = fan.ceiling?.rooms?.find((r) => r.size === room.size);
      const vsRef = ratio(room.sustainedRate, ref?.sustainedRate);
      const vsCeil = ratio(room.sustainedRate, ceil?.sustainedRate);
      const below = room.sustainedRate === 0 ? `below the ramp's first rate (${results.meta.config.fanout.rampStart} msg/s)` : null;
      out.push({ target: `fan-out ${room.size}: sustained rate ≥ 2× reference`, value: below ?? (vsRef === null ? (ref && room.sustainedRate > 0 && ref.sustainedRate === 0 ? "reference sustained nothing" : "–") : `${fmt(vsRef, 2)}×`),
        met: vsRef === null ? (ref && ref.sustainedRate === 0 && room.sustainedRate > 0 ? true : null) : vsRef >= 2 });
      out.push({ target: `fan-out ${room.size}: sustained rate ≥ 0.5× ceiling`, value: below ?? (vsCeil === null ? "–" : `${fmt(vsCeil, 2)}×`), met: vsCeil === null ? null : vsCeil >= 0.5 });
    }
    const r1000 = fan.lectern.rooms.find((r) => r.size === 1000);
    if (r1000 && r1000.fixed.rate === 20) {
      out.push({ target: "fan-out 1,000 @ 20 msg/s: p99 < 100 ms", value: `${fmt(r1000.fixed.latencyMs.p99, 1)} ms`, met: r1000.fixed.latencyMs.p99 < 100 });
    }
  }
  const storms = results.join?.lectern?.storms;
  if (storms) {
    for (const st of storms) {
      out.push({ target: `join storm ${st.size}: p99 join ack < 1 s`, value: `${fmt(st.joinAckMs.p99, 0)} ms`, met: st.joinAckMs.p99 !== null && st.joinAckMs.p99 < 1000 && st.failed === 0 });
    }
    if (storms.length > 1) {
      const [a, b] = [storms[0], storms[storms.length - 1]];
      const growth = b.framesPerJoin / a.framesPerJoin;
      out.push({ target: `join storm: frames/join flat in room size (${a.size} → ${b.size})`,
        value: `${fmt(a.framesPerJoin, 1)} → ${fmt(b.framesPerJoin, 1)} (×${fmt(growth, 2)} for ×${fmt(b.size / a.size, 1)} clients)`, met: growth < 1.25 });
    }
  }
  const cap = results.capacity?.lectern;
  if (cap && !cap.error) {
    out.push({ target: `capacity: ${cap.sockets} sockets under 1 GiB RSS`, value: `${fmt(cap.rssMiB, 0)} MiB; ${fmt(cap.perConnectionKiB.rss)} KiB RSS, ${fmt(cap.perConnectionKiB.heapAfterGc)} KiB live heap per connection`,
      met: cap.joined === cap.sockets && cap.rssMiB < 1024 });
  }
  const fl = results.flood?.lectern;
  if (fl && !fl.error) {
    out.push({ target: "flood: the host's acks within 250 ms (p99) while one socket floods", value: `${fmt(fl.flood.hostAckMs.p99, 1)} ms, ${fl.flood.hostTimeouts + fl.flood.hostRefused} of ${fl.flood.hostAcks} timed out or refused`,
      met: fl.flood.hostAckMs.p99 !== null && fl.flood.hostAckMs.p99 <= 250 && fl.flood.hostTimeouts + fl.flood.hostRefused === 0 });
  }
  return out;
}

function markdown(results) {
  const m = results.meta;
  const t = targets(results);
  return [
    `# Lectern benchmark — ${m.mode} run, ${m.startedAt}`, "",
    `Machine: ${m.machine.cpu}, ${m.machine.cores} cores, ${m.machine.memoryGiB} GiB, Linux ${m.machine.kernel}; ${m.machine.java}; Node ${m.machine.node}; ${m.machine.postgres}. ` +
      `Load average ${m.machine.loadAverageAtStart.join(" ")} at start, ${m.loadAverageAtEnd?.join(" ") ?? "?"} at end. Load generator: ${m.client === "java" ? `the Java generator (bench/loadgen, ${m.loadgenThreads} event-loop threads) + the orchestrator` : `${m.workers} worker processes (official socket.io-client) + the orchestrator`}.` +
      `${m.serverCpus || m.generatorCpus ? ` Pinned with taskset: servers on CPU ${m.serverCpus ?? "any"}, generator on CPU ${m.generatorCpus ?? "any"}.` : ""}`, "",
    ...(t.length ? ["## Lectern against the targets", "", table(["target", "measured", ""], t.map((x) => [x.target, x.value, verdict(x.met)])), ""] : []),
    ...fanoutSection(results), ...nodesSection(results), ...joinSection(results), ...capacitySection(results), ...restSection(results), ...floodSection(results),
  ].join("\n");
}

// ---- the chart: latency at the fixed rate (p50 and p99, log scale) and sustained rate, per room size

function bars(x0, y0, w, h, title, groups, valueOf, { log = false, unit = "" } = {}, servers = SERVERS) {
  const values = groups.flatMap((g) => servers.map((s) => valueOf(g, s))).filter((v) => v > 0);
  const max = Math.max(1, ...values);
  const min = log ? Math.max(0.01, Math.min(...values, max) / 2) : 0;
  const scale = (v) => (log ? (Math.log10(Math.max(v, min)) - Math.log10(min)) / (Math.log10(max * 1.3) - Math.log10(min)) : v / (max * 1.15));
  const parts = [`<text x="${x0 + w / 2}" y="${y0 - 12}" text-anchor="middle" font-size="15" font-weight="bold">${title}</text>`,
    `<line x1="${x0}" y1="${y0 + h}" x2="${x0 + w}" y2="${y0 + h}" stroke="#333"/>`];
  const gw = w / groups.length;
  const bw = Math.min(40, (gw * 0.8) / servers.length);
  groups.forEach((g, gi) => {
    servers.forEach((s, si) => {
      const v = valueOf(g, s);
      const x = x0 + gi * gw + (gw - bw * servers.length) / 2 + si * bw;
      if (v === null || v === undefined) return;
      const bh = Math.max(1, scale(v) * h);
      parts.push(`<rect x="${x}" y="${y0 + h - bh}" width="${bw - 3}" height="${bh}" fill="${COLORS[s]}"/>`,
        `<text x="${x + bw / 2 - 1.5}" y="${y0 + h - bh - 4}" text-anchor="middle" font-size="10">${fmt(v, v < 10 ? 1 : 0)}</text>`);
    });
    parts.push(`<text x="${x0 + gi * gw + gw / 2}" y="${y0 + h + 16}" text-anchor="middle" font-size="12">${g.label}</text>`);
  });
  parts.push(`<text x="${x0 - 8}" y="${y0 + h / 2}" text-anchor="middle" font-size="11" transform="rotate(-90 ${x0 - 8} ${y0 + h / 2})">${unit}${log ? " (log)" : ""}</text>`);
  return parts.join("\n");
}

export function chartSvg(results) {
  const fan = results.fanout ?? {};
  const sizes = results.meta.config.fanout.sizes;
  const room = (s, size) => fan[s]?.rooms?.find((r) => r.size === size);
  const latencyGroups = sizes.flatMap((size) => [{ label: `${size}: p50`, size, q: "p50" }, { label: `${size}: p99`, size, q: "p99" }]);
  const W = 1200;
  const H = 470;
  const servers = serversOf(results);
  const step = servers.length > 3 ? 200 : 150;
  const legend = servers.map((s, i) => `<rect x="${40 + i * step}" y="${H - 28}" width="14" height="14" fill="${COLORS[s] ?? "#999"}"/><text x="${60 + i * step}" y="${H - 16}" font-size="13">${s}</text>`).join("\n");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif">
<rect width="100%" height="100%" fill="white"/>
<text x="${W / 2}" y="24" text-anchor="middle" font-size="17">Lectern benchmark (${results.meta.mode}, ${results.meta.startedAt.slice(0, 16)}Z) — fan-out by room size</text>
${bars(60, 70, 640, 320, `Latency at ${results.meta.config.fanout.fixedRate} msg/s, send → receive`, latencyGroups, (g, s) => room(s, g.size)?.fixed.latencyMs[g.q] ?? null, { log: true, unit: "ms" }, servers)}
${bars(790, 70, 380, 320, "Highest sustained rate (p99 ≤ 250 ms)", sizes.map((size) => ({ label: `${size} clients`, size })), (g, s) => room(s, g.size)?.sustainedRate ?? null, { unit: "messages/s" }, servers)}
${legend}
<text x="${W - 20}" y="${H - 16}" text-anchor="end" font-size="11" fill="#555">ratios matter more than absolute values: 2 shared cores</text>
</svg>
`;
}

function chromium() {
  for (const c of ["/usr/bin/chromium", "/usr/bin/chromium-browser"]) if (existsSync(c)) return c;
  return null;
}

export async function writeReport(results, out) {
  writeFileSync(path.join(out, "results.md"), markdown(results) + "\n");
  if (!results.fanout) return;
  const svg = chartSvg(results);
  writeFileSync(path.join(out, "chart.svg"), svg);
  const browser = chromium();
  if (!browser) return;
  const profile = mkdtempSync(path.join(os.tmpdir(), "bench-chromium-"));
  try {
    const html = path.join(out, "chart.html");
    writeFileSync(html, `<!doctype html><html><body style="margin:0">${svg}</body></html>`);
    execFileSync(browser, ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", `--user-data-dir=${profile}`, "--hide-scrollbars", "--window-size=1200,470",
      `--screenshot=${path.join(out, "chart.png")}`, `file://${html}`], { stdio: "ignore", timeout: 60_000 });
    rmSync(html);
    results.chartPng = true;
  } catch (e) {
    console.error(`chart.png not rendered: ${e.message}`);
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}
