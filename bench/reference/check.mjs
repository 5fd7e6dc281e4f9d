// The reference server's behaviour after its one-statement rewrite (issue #19): the refusals the
// original design answers (bad token, not a member, removed, not joined, no such workshop, bad input),
// the caller's name and picture taken from the JWT, chat trimmed, stored and offset from the start.
//   node bench/reference/check.mjs   (needs PostgreSQL at 127.0.0.1:5432, user postgres; exits 1 on a failure)
import { io } from "socket.io-client";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "../src/servers.mjs";
import { spawn, execFileSync } from "node:child_process";
import { createHmac } from "node:crypto";
const HERE = path.dirname(fileURLToPath(import.meta.url));
const secret = "x".repeat(40), db = `lectern_refcheck_${process.pid}`;
const port = await freePort();
const psql = (d, sql) => execFileSync("psql", ["-h","127.0.0.1","-U","postgres","-d",d,"-v","ON_ERROR_STOP=1","-qAtc",sql], {encoding:"utf8"});
psql("postgres", `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`); psql("postgres", `CREATE DATABASE ${db}`);
psql(db, (await import("node:fs")).readFileSync(path.join(HERE, "schema.sql"), "utf8"));
psql(db, `INSERT INTO users VALUES (1,'Host',null),(2,'Ann','http://a/ann.png'),(3,'Bob',null);
INSERT INTO workshops (title, host_id, status, scheduled_start, duration_minutes, agora_channel, actual_started_at) VALUES ('w',1,'live',now(),60,'c',now() - interval '5 seconds');
INSERT INTO workshop_attendees (workshop_id,user_id,status) VALUES (1,2,'rsvp')`);
const b64 = (v) => Buffer.from(JSON.stringify(v)).toString("base64url");
const tok = (sub, name, picture) => { const h=b64({alg:"HS256",typ:"JWT"}), p=b64({sub:String(sub),name,picture,exp:Math.floor(Date.now()/1000)+600}); return `${h}.${p}.${createHmac("sha256",secret).update(`${h}.${p}`).digest("base64url")}`; };
const srv = spawn(process.execPath, [path.join(HERE, "server.mjs")], { env: {...process.env, REF_PORT:String(port), REF_JWT_SECRET:secret, REF_DATABASE_URL:`postgres://postgres@127.0.0.1:5432/${db}`, REF_DB_POOL_SIZE:"2"}, stdio:["ignore","inherit","inherit"] });
for (let i = 0; ; i++) { // until it listens
  try { await fetch(`http://127.0.0.1:${port}/bench/memory`); break; } catch { if (i > 100) throw new Error("reference did not start"); await new Promise(r=>setTimeout(r,100)); }
}
const conn = (t) => new Promise((res, rej) => { const s = io(`http://127.0.0.1:${port}/workshop`, {auth:{token:t}, transports:["websocket"], reconnection:false, forceNew:true}); s.once("connect",()=>res(s)); s.once("connect_error",(e)=>rej(e)); });
const ask = (s, ev, d) => s.timeout(5000).emitWithAck(ev, d);
let fails = 0; const check = (c, what) => { console.log(c ? "ok  " : "FAIL", what); if (!c) fails++; };
try { await conn("garbage"); check(false, "bad token refused"); } catch (e) { check(e.message === "unauthorized", "bad token refused: " + e.message); }
const ann = await conn(tok(2, "Ann (token)", "http://a/ann-token.png"));
const bob = await conn(tok(3, "Bob", null));
check((await ask(ann, "workshop:chat", {workshopId:1, message:"hi"})).error?.code === "invalid_state", "chat before join: invalid_state");
check((await ask(ann, "workshop:chat", {workshopId:99, message:"hi"})).error?.code === "not_found", "chat to no workshop: not_found");
check((await ask(ann, "workshop:chat", {workshopId:"1; DROP TABLE users", message:"hi"})).error?.code === "invalid_payload", "hostile workshopId: invalid_payload");
check((await ask(ann, "workshop:chat", {workshopId:1, message:"   "})).error?.code === "invalid_payload", "blank message: invalid_payload");
check((await ask(bob, "workshop:join", {workshopId:1})).error?.code === "forbidden", "non-member join: forbidden");
check((await ask(ann, "workshop:join", {workshopId:99})).error?.code === "not_found", "join no workshop: not_found");
const host = await conn(tok(1, "Host", null));
const hj = await ask(host, "workshop:join", {workshopId:1});
check(hj.ok && hj.state.attendees.length === 1 && hj.state.attendees[0].displayName === "Host", "host join: state lists the host");
const joined = new Promise(r => host.once("workshop:user-joined", r));
const j = await ask(ann, "workshop:join", {workshopId:1});
const uj = await joined;
check(j.ok && j.state.attendees.map(a=>a.userId).sort().join() === "1,2", "ann join: state lists host and ann " + JSON.stringify(j.state.attendees));
check(uj.displayName === "Ann (token)" && uj.avatarUrl === "http://a/ann-token.png", "user-joined carries the token's name and picture");
const got = new Promise(r => host.once("workshop:chat-message", r));
const c = await ask(ann, "workshop:chat", {workshopId:1, message:"  hello  "});
const m = await got;
check(c.ok && m.message === "hello" && m.offset_ms >= 5000 && m.offset_ms < 60000 && m.avatarUrl === "http://a/ann-token.png" && m.id > 0, "chat: trimmed, offset_ms since start " + JSON.stringify(m));
check(psql(db, "SELECT count(*), min(offset_ms) >= 5000 FROM workshop_chat").trim() === "1|t", "chat row stored with its offset");
psql(db, "UPDATE workshop_attendees SET status='removed' WHERE user_id=2");
check((await ask(ann, "workshop:chat", {workshopId:1, message:"again"})).error?.code === "invalid_state", "removed member's chat refused");
check((await ask(ann, "workshop:join", {workshopId:1})).error?.code === "banned", "removed member's join: banned");
for (const s of [ann,bob,host]) s.close();
srv.kill(); await new Promise(r=>setTimeout(r,300));
psql("postgres", `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
console.log(fails ? `${fails} FAILED` : "all passed"); process.exit(fails ? 1 : 0);
