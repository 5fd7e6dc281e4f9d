// Drives a running Lectern server with the official socket.io-client, the way a browser app would,
// and checks every payload shape of CONTRACT §4. Run by OfficialClientCompatIntegrationTest:
//   node compat.mjs <httpUrl> <socketUrl> <hostToken> <adaToken> <bobToken> <carolToken>
// Prints one "ok - …" line per check; exits 1 at the first failure ("not ok - …").
import { io } from "socket.io-client";

const [httpUrl, socketUrl, hostToken, adaToken, bobToken, carolToken] = process.argv.slice(2);
if (!carolToken) {
  console.error("usage: node compat.mjs <httpUrl> <socketUrl> <hostToken> <adaToken> <bobToken> <carolToken>");
  process.exit(2);
}
const WAIT_MS = 5000;
const sockets = [];
let checks = 0;

function fail(what, detail) {
  console.log(`not ok - ${what}${detail === undefined ? "" : ": " + JSON.stringify(detail)}`);
  sockets.forEach((s) => s.disconnect());
  process.exit(1);
}

function check(condition, what, detail) {
  if (!condition) fail(what, detail);
  checks++;
  console.log(`ok - ${what}`);
}

function checkKeys(value, expected, what) {
  const got = Object.keys(value ?? {}).sort();
  check(JSON.stringify(got) === JSON.stringify([...expected].sort()), `${what} is {${expected.join(", ")}}`, value);
}

const isIso = (s) => typeof s === "string" && !Number.isNaN(Date.parse(s)) && s.endsWith("Z");
const userIdOf = (token) => Number(JSON.parse(Buffer.from(token.split(".")[1], "base64url")).sub);
const host = { token: hostToken, id: userIdOf(hostToken) };
const ada = { token: adaToken, id: userIdOf(adaToken) };
const bob = { token: bobToken, id: userIdOf(bobToken) };
const carol = { token: carolToken, id: userIdOf(carolToken) };

/** 5 minutes from the server's now: LECTERN_COMPAT_NOW when the server's clock is not the wall clock (tests). */
function startsAt() {
  const now = process.env.LECTERN_COMPAT_NOW ? Date.parse(process.env.LECTERN_COMPAT_NOW) : Date.now();
  return new Date(now + 5 * 60_000).toISOString();
}

async function rest(method, path, token, body) {
  const response = await fetch(httpUrl + path, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : null };
}

/** Connects like a browser app; every received event is queued so a check can wait for it. */
function connect(user, namespace = "/workshop", transports = ["websocket"]) {
  const socket = io(socketUrl + namespace, {
    auth: user ? { token: user.token } : undefined,
    transports,
    reconnection: false,
    forceNew: true,
  });
  sockets.push(socket);
  const queues = new Map();
  const waiters = new Map();
  socket.onAny((event, payload) => {
    const waiting = waiters.get(event);
    if (waiting?.length) waiting.shift()(payload);
    else queues.set(event, [...(queues.get(event) ?? []), payload]);
  });
  socket.next = (event, ms = WAIT_MS) => new Promise((resolve, reject) => {
    const queued = queues.get(event);
    if (queued?.length) return resolve(queued.shift());
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${ms} ms`)), ms);
    waiters.set(event, [...(waiters.get(event) ?? []), (p) => { clearTimeout(timer); resolve(p); }]);
  });
  // the next event about one user, skipping earlier ones about others (a room hears everything)
  socket.about = async (event, userId) => {
    for (;;) {
      const payload = await socket.next(event);
      if (payload?.userId === userId) return payload;
    }
  };
  socket.forget = (event) => queues.delete(event);
  socket.nothing = async (event, ms = 300) => {
    await new Promise((r) => setTimeout(r, ms));
    return !(queues.get(event)?.length);
  };
  socket.call = (event, payload) => socket.timeout(WAIT_MS).emitWithAck(event, payload);
  socket.opened = new Promise((resolve, reject) => {
    socket.on("connect", () => resolve(socket));
    socket.on("connect_error", reject);
  });
  return socket;
}

async function main() {
  // --- a workshop, scheduled in 5 minutes, with two RSVPs ----------------------------------------
  const created = await rest("POST", "/api/workshops", host.token, {
    title: "Compat workshop", scheduledStart: startsAt(), durationMinutes: 30,
  });
  check(created.status === 201, "REST creates the workshop", created);
  const workshopId = created.json.id;
  const w = { workshopId };
  for (const user of [ada, bob]) {
    check((await rest("POST", `/api/workshops/${workshopId}/rsvp`, user.token)).status === 200, `user ${user.id} RSVPs`);
  }

  // --- connection and authentication -------------------------------------------------------------
  const anonymous = connect(null);
  let connectedAnonymously = false;
  anonymous.on("connect", () => { connectedAnonymously = true; });
  const refusal = await anonymous.opened.then(() => null, (e) => e);
  check(refusal?.message === "unauthorized" && !connectedAnonymously, "no token → connect_error 'unauthorized', never connect", refusal?.message);
  const forged = await connect({ token: "not.a.jwt" }).opened.then(() => null, (e) => e);
  check(forged?.message === "unauthorized", "bad token → connect_error 'unauthorized'");

  const hostSocket = await connect(host).opened;
  const adaSocket = await connect(ada).opened;
  const bobSocket = await connect(bob).opened;
  check(hostSocket.connected && adaSocket.connected && bobSocket.connected, "three users connect with auth.token over WebSocket");

  // --- join while scheduled, then the host starts it over REST ----------------------------------
  const hostJoin = await hostSocket.call("workshop:join", w);
  checkKeys(hostJoin, ["ok", "state"], "join ack");
  check(hostJoin.ok === true && hostJoin.state.status === "scheduled", "host joins the scheduled workshop");
  const hostJoined = await hostSocket.next("workshop:user-joined");
  checkKeys(hostJoined, ["userId", "displayName", "avatarUrl", "isHost", "isCoHost", "isPanelist"], "workshop:user-joined");
  check(hostJoined.isHost === true && hostJoined.userId === host.id, "the host is announced as host");
  const firstState = await hostSocket.next("workshop:state");
  checkKeys(firstState, ["workshopId", "status", "hostId", "coHostIds", "speakerIds", "raisedHands", "attendees", "startedAt", "endedAt", "presentCount", "fullPresence", "panelistIds"], "workshop:state");
  check(firstState.startedAt === null && firstState.endedAt === null, "absent instants are null");

  const started = await rest("POST", `/api/workshops/${workshopId}/start`, host.token);
  check(started.status === 200, "REST start");
  const live = await hostSocket.next("workshop:state-changed");
  checkKeys(live, ["status", "startedAt", "endedAt"], "workshop:state-changed");
  check(live.status === "live" && live.startedAt === started.json.startedAt && live.endedAt === null, "state-changed carries live and startedAt", live);

  for (const [socket, user] of [[adaSocket, ada], [bobSocket, bob]]) {
    const ack = await socket.call("workshop:join", w);
    check(ack.ok === true && ack.state.status === "live", `user ${user.id} joins the live workshop`);
    const joined = await hostSocket.next("workshop:user-joined");
    check(joined.userId === user.id && joined.isHost === false && joined.isCoHost === false, `host sees user ${user.id} join`, joined);
  }
  const bobState = await bobSocket.next("workshop:state");
  check(bobState.attendees.length === 3, "state lists the three present users", bobState.attendees);
  checkKeys(bobState.attendees[0], ["userId", "displayName", "avatarUrl", "isHost", "isCoHost", "canSpeak", "isPanelist"], "state attendee");
  check(isIso(bobState.startedAt) && bobState.hostId === host.id, "state has hostId and startedAt");

  // --- the hand queue -----------------------------------------------------------------------------
  const adaHand = await adaSocket.call("workshop:raise-hand", w);
  checkKeys(adaHand, ["ok", "raisedAt"], "raise-hand ack");
  const raised = await hostSocket.next("workshop:hand-raised");
  checkKeys(raised, ["userId", "raisedAt"], "workshop:hand-raised");
  check(raised.userId === ada.id && raised.raisedAt === adaHand.raisedAt && isIso(raised.raisedAt), "ada's hand is up");
  await new Promise((r) => setTimeout(r, 5));
  await bobSocket.call("workshop:raise-hand", w);
  check((await hostSocket.next("workshop:hand-raised")).userId === bob.id, "bob's hand is up");
  const lateTab = await connect(host).opened;
  const queue = (await lateTab.call("workshop:join", w)).state.raisedHands;
  checkKeys(queue[0], ["userId", "raisedAt"], "raisedHands entry");
  check(queue.map((h) => h.userId).join() === `${ada.id},${bob.id}`, "a late joiner sees the queue oldest first", queue);
  lateTab.disconnect();

  // --- speaker approval ---------------------------------------------------------------------------
  check((await hostSocket.call("workshop:approve-speaker", { ...w, targetUserId: ada.id })).ok === true, "host approves ada");
  const approved = await bobSocket.next("workshop:speaker-approved");
  checkKeys(approved, ["userId"], "workshop:speaker-approved");
  check(approved.userId === ada.id, "the room hears ada may speak");
  check((await bobSocket.next("workshop:hand-lowered")).userId === ada.id, "approval takes ada's hand down");
  const refused = await bobSocket.call("workshop:approve-speaker", { ...w, targetUserId: bob.id });
  checkKeys(refused, ["ok", "error"], "refusal ack");
  checkKeys(refused.error, ["code", "message"], "refusal error");
  check(refused.ok === false && refused.error.code === "forbidden", "an attendee cannot approve speakers");
  bobSocket.emit("workshop:promote-cohost", { ...w, targetUserId: bob.id });
  const error = await bobSocket.next("workshop:error");
  checkKeys(error, ["event", "code", "message"], "workshop:error");
  check(error.event === "workshop:promote-cohost" && error.code === "forbidden", "without a callback the refusal is workshop:error");
  const junk = await bobSocket.call("workshop:raise-hand", "junk");
  check(junk.ok === false && junk.error.code === "invalid_payload" && bobSocket.connected, "junk is invalid_payload and the socket stays");

  check((await hostSocket.call("workshop:lower-hand", { ...w, targetUserId: bob.id })).ok, "host lowers bob's hand");
  check((await adaSocket.about("workshop:hand-lowered", bob.id)).userId === bob.id, "the room hears bob's hand is down");
  check((await hostSocket.call("workshop:promote-cohost", { ...w, targetUserId: bob.id })).ok, "host promotes bob");
  check((await adaSocket.next("workshop:cohost-promoted")).userId === bob.id, "workshop:cohost-promoted");
  check((await bobSocket.call("workshop:mute-user", { ...w, targetUserId: ada.id })).ok, "co-host bob mutes ada");
  check((await adaSocket.next("workshop:user-muted")).userId === ada.id, "workshop:user-muted");
  check((await bobSocket.call("workshop:revoke-speaker", { ...w, targetUserId: ada.id })).ok, "co-host bob revokes ada");
  check((await adaSocket.next("workshop:speaker-revoked")).userId === ada.id, "workshop:speaker-revoked");
  check((await hostSocket.call("workshop:demote-cohost", { ...w, targetUserId: bob.id })).ok, "host demotes bob");
  check((await adaSocket.next("workshop:cohost-demoted")).userId === bob.id, "workshop:cohost-demoted");

  // --- chat ---------------------------------------------------------------------------------------
  const sent = await adaSocket.call("workshop:chat", { ...w, message: "  hello from the official client  " });
  checkKeys(sent, ["ok", "chat"], "chat ack");
  const message = await hostSocket.next("workshop:chat-message");
  checkKeys(message, ["id", "userId", "displayName", "avatarUrl", "message", "offset_ms", "createdAt"], "workshop:chat-message");
  check(message.message === "hello from the official client" && message.userId === ada.id, "the message arrives trimmed");
  check(Number.isInteger(message.offset_ms) && message.offset_ms >= 0 && isIso(message.createdAt), "offset_ms and createdAt");
  check(JSON.stringify(sent.chat) === JSON.stringify(message), "the ack carries the stored message");
  const history = await rest("GET", `/api/workshops/${workshopId}/chat`, bob.token);
  check(history.json.items.some((m) => m.id === message.id), "the message is in the REST history");

  // --- remove -------------------------------------------------------------------------------------
  check((await hostSocket.call("workshop:remove-user", { ...w, targetUserId: bob.id })).ok, "host removes bob");
  check((await adaSocket.next("workshop:user-removed")).userId === bob.id, "the room hears bob was removed");
  check((await bobSocket.next("workshop:user-removed")).userId === bob.id, "bob hears it too");
  const rejoin = await bobSocket.call("workshop:join", w);
  check(rejoin.ok === false && rejoin.error.code === "banned", "bob cannot rejoin", rejoin);
  bobSocket.forget("workshop:chat-message");
  await adaSocket.call("workshop:chat", { ...w, message: "bob is gone" });
  check(await bobSocket.nothing("workshop:chat-message"), "bob no longer hears the room");

  // --- leave, notifications, and the end ----------------------------------------------------------
  check((await adaSocket.call("workshop:leave", w)).ok, "ada leaves");
  const left = await hostSocket.next("workshop:user-left");
  checkKeys(left, ["userId"], "workshop:user-left");
  check(left.userId === ada.id, "the room hears ada left");
  check((await adaSocket.call("workshop:join", w)).ok, "ada comes back");
  const pollingTab = await connect(ada, "/workshop", ["polling"]).opened;
  check((await pollingTab.call("workshop:join", w)).ok && pollingTab.io.engine.transport.name === "polling",
      "a second tab over HTTP long-polling joins too");
  pollingTab.disconnect();
  check(await hostSocket.nothing("workshop:user-left", 500), "closing one of two tabs does not make ada leave");

  const carolSocket = await connect(carol, "/notifications").opened;
  await rest("POST", `/api/workshops/${workshopId}/invites`, host.token, { userIds: [carol.id] });
  const notification = await carolSocket.next("notification:new");
  checkKeys(notification, ["id", "type", "payload", "createdAt"], "notification:new");
  check(notification.type === "workshop_invite" && notification.payload.workshopId === workshopId, "carol is told of her invitation");

  const ended = await rest("POST", `/api/workshops/${workshopId}/end`, host.token);
  const end = await adaSocket.next("workshop:state-changed");
  check(end.status === "ended" && end.endedAt === ended.json.endedAt && end.startedAt === live.startedAt, "state-changed carries ended and endedAt", end);
  check((await adaSocket.call("workshop:state-change", { ...w, newStatus: "live" })).error?.code === "forbidden", "clients cannot emit state changes");

  sockets.forEach((s) => s.disconnect());
  console.log(`compat: ${checks} checks passed`);
  process.exit(0);
}

setTimeout(() => fail("the whole run took longer than 60 s"), 60_000).unref();
main().catch((e) => fail("unexpected error", e?.stack ?? String(e)));
