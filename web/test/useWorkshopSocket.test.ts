import { act, cleanup } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { call, ids, joined, mount, until, user, workshop } from "./support";

// Every test drives a real Lectern server (the packaged jar, started by globalSetup) with real
// socket.io-client connections; nothing here is mocked.

afterEach(() => cleanup());

describe("useWorkshopSocket", () => {
  it("joins on mount with the server's snapshot, and leaves on unmount", async () => {
    const [host, ada] = [await user("Host"), await user("Ada")];
    const w = await workshop(host, [ada]);
    await call(host, "POST", `/api/workshops/${w.id}/start`);

    const h = await joined(host, w.id);
    expect(h.room.workshopState).toMatchObject({ status: "live", hostId: host.userId, coHostIds: [], endedAt: null });
    expect(h.room.workshopState!.startedAt).toBeInstanceOf(Date);
    expect(h.room.attendees).toEqual([
      { userId: host.userId, displayName: "Host", avatarUrl: null, isHost: true, isCoHost: false, canSpeak: true, isPanelist: false },
    ]);
    expect(h.room.me).toBe(host.userId);

    const a = await joined(ada, w.id);
    expect(ids(a)).toEqual([host.userId, ada.userId].sort((x, y) => x - y));
    await until(() => expect(ids(h)).toContain(ada.userId));
    expect(h.room.attendees.find((x) => x.userId === ada.userId)).toEqual({
      userId: ada.userId, displayName: "Ada", avatarUrl: null, isHost: false, isCoHost: false, canSpeak: false,
    });
    // the server recorded the join: the attendance report says so
    const report = await call(host, "GET", `/api/workshops/${w.id}/attendance`);
    expect(report.items.find((r: { userId: number }) => r.userId === ada.userId).status).toBe("joined");

    a.hook.unmount();
    await until(() => expect(ids(h)).toEqual([host.userId]));
    await until(async () => {
      const after = await call(host, "GET", `/api/workshops/${w.id}/attendance`);
      expect(after.items.find((r: { userId: number }) => r.userId === ada.userId).status).toBe("left");
    });
  });

  it("follows every room event, in every client, and surfaces refusals", async () => {
    const [host, ada, bob] = [await user("Host"), await user("Ada"), await user("Bob")];
    const w = await workshop(host, [ada, bob]);
    await call(host, "POST", `/api/workshops/${w.id}/start`);
    const [h, a, b] = [await joined(host, w.id), await joined(ada, w.id), await joined(bob, w.id)];
    const everyone = [h, a, b];
    await until(() => everyone.forEach((p) => expect(p.room.attendees).toHaveLength(3)));

    // the hand queue, oldest first, in everyone's view
    expect((await act(() => a.room.raiseHand())).ok).toBe(true);
    expect((await act(() => b.room.raiseHand())).ok).toBe(true);
    await until(() => everyone.forEach((p) => expect(p.room.raisedHands).toEqual([ada.userId, bob.userId])));

    // refusals come back to the caller as the server's ack
    const refused = await act(() => a.room.approveSpeaker(bob.userId));
    expect(refused).toEqual({ ok: false, error: { code: "forbidden", message: expect.any(String) } });
    const notHost = await act(() => a.room.promoteCoHost(bob.userId));
    expect(notHost.ok === false && notHost.error.code).toBe("forbidden");

    // approving takes the hand down and gives the right to speak
    expect((await act(() => h.room.approveSpeaker(ada.userId))).ok).toBe(true);
    await until(() =>
      everyone.forEach((p) => {
        expect(p.room.raisedHands).toEqual([bob.userId]);
        expect(p.room.attendees.find((x) => x.userId === ada.userId)!.canSpeak).toBe(true);
      }),
    );
    expect((await act(() => h.room.revokeSpeaker(ada.userId))).ok).toBe(true);
    await until(() => everyone.forEach((p) => expect(p.room.attendees.find((x) => x.userId === ada.userId)!.canSpeak).toBe(false)));

    // the host lowers someone else's hand
    expect((await act(() => h.room.lowerHand(bob.userId))).ok).toBe(true);
    await until(() => everyone.forEach((p) => expect(p.room.raisedHands).toEqual([])));
    // and a raised hand can be lowered by its owner
    await act(() => b.room.raiseHand());
    await until(() => expect(h.room.raisedHands).toEqual([bob.userId]));
    expect((await act(() => b.room.lowerHand())).ok).toBe(true);
    await until(() => everyone.forEach((p) => expect(p.room.raisedHands).toEqual([])));

    // co-host promotion and demotion
    expect((await act(() => h.room.promoteCoHost(bob.userId))).ok).toBe(true);
    await until(() =>
      everyone.forEach((p) => {
        expect(p.room.workshopState!.coHostIds).toEqual([bob.userId]);
        expect(p.room.attendees.find((x) => x.userId === bob.userId)).toMatchObject({ isCoHost: true, canSpeak: true });
      }),
    );
    // a co-host may approve speakers now
    expect((await act(() => b.room.approveSpeaker(ada.userId))).ok).toBe(true);
    await until(() => expect(h.room.attendees.find((x) => x.userId === ada.userId)!.canSpeak).toBe(true));
    expect((await act(() => h.room.demoteCoHost(bob.userId))).ok).toBe(true);
    await until(() =>
      everyone.forEach((p) => {
        expect(p.room.workshopState!.coHostIds).toEqual([]);
        expect(p.room.attendees.find((x) => x.userId === bob.userId)!.isCoHost).toBe(false);
      }),
    );

    // mute reaches the target only
    expect((await act(() => h.room.muteUser(ada.userId))).ok).toBe(true);
    await until(() => expect(a.room.mutedCount).toBe(1));
    expect(b.room.mutedCount).toBe(0);

    // removal: gone from everyone's view, the target knows, and cannot come back
    expect((await act(() => h.room.removeUser(bob.userId))).ok).toBe(true);
    await until(() => {
      expect(b.room.removed).toBe(true);
      expect(ids(h)).not.toContain(bob.userId);
      expect(ids(a)).not.toContain(bob.userId);
    });
    b.hook.unmount();
    const again = mount(bob, w.id);
    await until(() => expect(again.room.joinError?.code).toBe("banned"));
    expect(again.room.removed).toBe(true);
    expect(again.room.workshopState).toBeNull();

    // a lifecycle change from REST reaches every room member
    await call(host, "POST", `/api/workshops/${w.id}/end`);
    await until(() =>
      [h, a].forEach((p) => {
        expect(p.room.workshopState!.status).toBe("ended");
        expect(p.room.workshopState!.endedAt).toBeInstanceOf(Date);
      }),
    );
  });

  it("rejoins after a lost connection and replaces its state with a fresh snapshot", async () => {
    const [host, ada, bob] = [await user("Host"), await user("Ada"), await user("Bob")];
    const w = await workshop(host, [ada, bob]);
    await call(host, "POST", `/api/workshops/${w.id}/start`);
    const h = await joined(host, w.id);
    const a = await joined(ada, w.id);
    const socketBefore = a.room.socket!.id;

    // cut the transport (not a clean disconnect): socket.io-client reconnects with its backoff
    act(() => a.room.socket!.io.engine.close());
    await until(() => expect(a.room.connected).toBe(false));
    // meanwhile the room changes: Ada misses these events
    const b = await joined(bob, w.id);
    await act(() => b.room.raiseHand());
    await act(() => h.room.promoteCoHost(bob.userId));

    await until(() => {
      expect(a.room.connected).toBe(true);
      expect(a.room.socket!.id).not.toBe(socketBefore);
      expect(ids(a)).toEqual([host.userId, ada.userId, bob.userId].sort((x, y) => x - y));
      expect(a.room.raisedHands).toEqual([bob.userId]);
      expect(a.room.workshopState!.coHostIds).toEqual([bob.userId]);
    });
    // the server has her in the room again: her events work and the others see them
    expect((await act(() => a.room.raiseHand())).ok).toBe(true);
    await until(() => expect(h.room.raisedHands).toEqual([bob.userId, ada.userId]));
    expect(ids(h)).toContain(ada.userId);
  });

  it("reports an action on a dead connection as a refusal instead of hanging", async () => {
    const [host] = [await user("Host")];
    const w = await workshop(host);
    const h = await joined(host, w.id);
    expect(h.room.workshopState!.status).toBe("scheduled");
    h.room.socket!.disconnect();
    const ack = await h.room.raiseHand();
    expect(ack).toEqual({ ok: false, error: { code: "disconnected", message: "not connected to the server" } });
  });

  it("refuses a join of someone who is no member, and says so", async () => {
    const [host, stranger] = [await user("Host"), await user("Stranger")];
    const w = await workshop(host);
    const s = mount(stranger, w.id);
    await until(() => expect(s.room.joinError?.code).toBe("forbidden"));
    expect(s.room.connected).toBe(true);
    expect(s.room.workshopState).toBeNull();
    const refused = await act(() => s.room.raiseHand());
    expect(refused.ok).toBe(false);
  });

  it("reports a refused token as unauthorized and never joins", async () => {
    const [host] = [await user("Host")];
    const w = await workshop(host);
    const forged = { ...host, token: host.token.slice(0, -4) + (host.token.endsWith("AAAA") ? "BBBB" : "AAAA") };
    const p = mount(forged, w.id);
    await until(() => expect(p.room.joinError?.code).toBe("unauthorized"));
    expect(p.room.connected).toBe(false);
    expect(p.room.workshopState).toBeNull();
  });
});
