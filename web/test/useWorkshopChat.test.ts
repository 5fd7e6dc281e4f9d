import { act, cleanup } from "@testing-library/react";
import { io } from "socket.io-client";
import { afterEach, describe, expect, it } from "vitest";
import type { WireChatMessage } from "../src/types";
import { call, joined, lectern, until, user, workshop } from "./support";

afterEach(() => cleanup());

const texts = (p: { chat: { messages: { message: string }[] } }) => p.chat.messages.map((m) => m.message);

describe("useWorkshopChat", () => {
  it("loads the history on join, then appends live messages", async () => {
    const [host, ada] = [await user("Host"), await user("Ada")];
    const w = await workshop(host, [ada]);
    await call(host, "POST", `/api/workshops/${w.id}/start`);
    const h = await joined(host, w.id);
    for (const text of ["one", "two", "three"]) {
      expect((await act(() => h.chat.sendMessage(text))).ok).toBe(true);
    }

    const a = await joined(ada, w.id);
    await until(() => expect(texts(a)).toEqual(["one", "two", "three"]));
    expect(a.chat.messages[0]).toMatchObject({ userId: host.userId, displayName: "Host", avatarUrl: null });

    const sent = await act(() => a.chat.sendMessage("  hello from Ada  "));
    expect(sent.ok && sent.chat.message).toBe("hello from Ada");
    await until(() => {
      expect(texts(h)).toEqual(["one", "two", "three", "hello from Ada"]);
      expect(texts(a)).toEqual(["one", "two", "three", "hello from Ada"]);
    });
    expect(h.chat.messages.map((m) => m.id)).toEqual(a.chat.messages.map((m) => m.id));
  });

  it("maps the wire's offset_ms to offsetMs, for live and for history messages", async () => {
    const [host, ada] = [await user("Host"), await user("Ada")];
    const w = await workshop(host, [ada]);
    await call(host, "POST", `/api/workshops/${w.id}/start`);
    // a raw official client beside the hook, to see the wire payload itself
    const raw = io(`${lectern().socketUrl}/workshop`, { auth: { token: ada.token }, transports: ["websocket"] });
    const wire: WireChatMessage[] = [];
    raw.on("workshop:chat-message", (m: WireChatMessage) => wire.push(m));
    try {
      expect((await raw.emitWithAck("workshop:join", { workshopId: w.id })).ok).toBe(true);
      const h = await joined(host, w.id);
      await new Promise((r) => setTimeout(r, 300)); // so the offset is clearly above 0
      await act(() => h.chat.sendMessage("timed"));
      await until(() => expect(wire).toHaveLength(1));
      expect(wire[0].offset_ms).toBeGreaterThanOrEqual(300);
      expect(h.chat.messages[0].offsetMs).toBe(wire[0].offset_ms);
      expect(h.chat.messages[0]).not.toHaveProperty("offset_ms");

      // a client arriving later gets the same message from REST history, with the same offset
      const a = await joined(ada, w.id);
      await until(() => expect(texts(a)).toEqual(["timed"]));
      expect(a.chat.messages[0]).toEqual({ ...h.chat.messages[0] });
      expect(a.chat.messages[0].offsetMs).toBe(wire[0].offset_ms);
    } finally {
      raw.disconnect();
    }
  });

  it("has every message exactly once after a reconnect, including those sent while away", async () => {
    const [host, ada] = [await user("Host"), await user("Ada")];
    const w = await workshop(host, [ada]);
    await call(host, "POST", `/api/workshops/${w.id}/start`);
    const h = await joined(host, w.id);
    const a = await joined(ada, w.id);
    await act(() => h.chat.sendMessage("before"));
    await until(() => expect(texts(a)).toEqual(["before"]));

    act(() => a.room.socket!.io.engine.close());
    await until(() => expect(a.room.connected).toBe(false));
    await act(() => h.chat.sendMessage("while away 1"));
    await act(() => h.chat.sendMessage("while away 2"));

    await until(() => {
      expect(a.room.connected).toBe(true);
      expect(texts(a)).toEqual(["before", "while away 1", "while away 2"]);
    });
    await act(() => h.chat.sendMessage("after"));
    await until(() => expect(texts(a)).toEqual(["before", "while away 1", "while away 2", "after"]));
    // a second reconnect reloads nothing twice either
    act(() => a.room.socket!.io.engine.close());
    await until(() => expect(a.room.connected).toBe(false));
    await until(() => expect(a.room.connected).toBe(true));
    await new Promise((r) => setTimeout(r, 300));
    const idsSeen = a.chat.messages.map((m) => m.id);
    expect(new Set(idsSeen).size).toBe(idsSeen.length);
    expect(texts(a)).toEqual(["before", "while away 1", "while away 2", "after"]);
  });

  it("surfaces a refused message to the sender", async () => {
    const [host] = [await user("Host")];
    const w = await workshop(host);
    await call(host, "POST", `/api/workshops/${w.id}/start`);
    const h = await joined(host, w.id);
    const blank = await act(() => h.chat.sendMessage("   "));
    expect(blank).toEqual({ ok: false, error: { code: "invalid_payload", message: expect.any(String) } });
    const tooLong = await act(() => h.chat.sendMessage("x".repeat(1001)));
    expect(tooLong.ok === false && tooLong.error.code).toBe("invalid_payload");
    expect(h.chat.messages).toEqual([]);
  });

  it("refuses chat before the lobby opens (the room is joined, but not open)", async () => {
    const [host] = [await user("Host")];
    const w = await workshop(host);
    const h = await joined(host, w.id);
    expect(h.room.workshopState!.status).toBe("scheduled");
    const ack = await act(() => h.chat.sendMessage("too early"));
    expect(ack.ok === false && ack.error.code).toBe("invalid_state");
  });
});
