// One simulated participant. Lectern and the reference speak Socket.IO, so they get the official
// socket.io-client; the ceiling speaks plain WebSocket JSON ({event, data, ack}) through `ws`.
// Both expose the same small interface, and both count every frame the server sends them.
import { io } from "socket.io-client";
import WebSocket from "ws";

export function openConn(target, userId, token) {
  return target.protocol === "ws" ? new WsConn(target.socketUrl, userId) : new SioConn(target.socketUrl, token);
}

class SioConn {
  constructor(url, token) {
    this.frames = 0;
    this.socket = io(`${url}/workshop`, {
      auth: { token }, transports: ["websocket"], reconnection: false, forceNew: true, timeout: 120_000,
    });
    // one Socket.IO packet (event, ack, connect) per WebSocket frame; engine pings are not counted
    this.socket.io.on("packet", () => this.frames++);
    this.ready = new Promise((resolve, reject) => {
      this.socket.once("connect", resolve);
      this.socket.once("connect_error", (e) => reject(new Error(`connect_error: ${e.message}`)));
    });
  }

  on(event, fn) {
    this.socket.on(event, fn);
  }

  emit(event, data) {
    this.socket.emit(event, data);
  }

  request(event, data, timeoutMs = 60_000) {
    return this.socket.timeout(timeoutMs).emitWithAck(event, data);
  }

  get connected() {
    return this.socket.connected;
  }

  close() {
    this.socket.disconnect();
  }
}

class WsConn {
  constructor(url, userId) {
    this.frames = 0;
    this.handlers = new Map();
    this.pending = new Map();
    this.nextAck = 1;
    this.ws = new WebSocket(`${url}/ws?uid=${userId}`, { perMessageDeflate: false });
    this.ready = new Promise((resolve, reject) => {
      this.ws.once("open", resolve);
      this.ws.once("error", reject);
    });
    this.ws.on("error", () => {});
    this.ws.on("message", (raw) => {
      this.frames++;
      const msg = JSON.parse(raw);
      if (msg.ack !== undefined && msg.event === undefined) {
        const done = this.pending.get(msg.ack);
        this.pending.delete(msg.ack);
        done?.(msg.data);
      } else {
        for (const fn of this.handlers.get(msg.event) ?? []) fn(msg.data);
      }
    });
  }

  on(event, fn) {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), fn]);
  }

  emit(event, data) {
    this.ws.send(JSON.stringify({ event, data }));
  }

  request(event, data, timeoutMs = 60_000) {
    const ack = this.nextAck++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(ack);
        reject(new Error(`no ack for ${event} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(ack, (d) => {
        clearTimeout(timer);
        resolve(d);
      });
      this.ws.send(JSON.stringify({ event, data, ack }));
    });
  }

  get connected() {
    return this.ws.readyState === WebSocket.OPEN;
  }

  close() {
    this.ws.close();
  }
}

/** Wall-clock milliseconds with sub-ms resolution, comparable between processes on one machine. */
export const now = () => performance.timeOrigin + performance.now();
