import { describe, expect, it } from "vitest";
import { emptyRoom, reduceRoom, type Room } from "../src/hooks/roomState";
import type { WireState } from "../src/types";

// The coalesced `workshop:presence` event is not sent by this server yet (issue #5 may add it for
// large rooms); the hook already applies it, so its effect is tested on the reducer directly.

const snapshot: WireState = {
  workshopId: 1, status: "live", hostId: 1, coHostIds: [], speakerIds: [3], raisedHands: [{ userId: 2, raisedAt: "2026-01-01T00:00:00Z" }],
  attendees: [{ userId: 1, displayName: "Host", avatarUrl: null, isHost: true, isCoHost: false, canSpeak: true }],
  startedAt: "2026-01-01T00:00:00Z", endedAt: null,
};
const start: Room = reduceRoom(emptyRoom, { type: "state", state: snapshot });
const names = (r: Room) => r.attendees.map((a) => a.displayName);

describe("workshop:presence (coalesced presence)", () => {
  it("adds the joined, then removes the left", () => {
    const r = reduceRoom(start, {
      type: "presence",
      presence: {
        joined: [
          { userId: 2, displayName: "Ada", avatarUrl: null, isHost: false, isCoHost: false },
          { userId: 3, displayName: "Bob", avatarUrl: null, isHost: false, isCoHost: false },
          { userId: 4, displayName: "Cy", avatarUrl: null, isHost: false, isCoHost: false },
        ],
        left: [4],
      },
    });
    expect(names(r)).toEqual(["Host", "Ada", "Bob"]);
    // Bob holds an approved speaking right from the snapshot: arriving later keeps it
    expect(r.attendees.find((a) => a.userId === 3)!.canSpeak).toBe(true);
    expect(r.attendees.find((a) => a.userId === 2)!.canSpeak).toBe(false);
  });

  it("tolerates a batch with only one side, and a repeated join", () => {
    const once = reduceRoom(start, { type: "presence", presence: { joined: [{ userId: 2, displayName: "Ada", avatarUrl: null, isHost: false, isCoHost: false }] } });
    const twice = reduceRoom(once, { type: "presence", presence: { joined: [{ userId: 2, displayName: "Ada", avatarUrl: null, isHost: false, isCoHost: false }] } });
    expect(names(twice)).toEqual(["Host", "Ada"]);
    expect(names(reduceRoom(twice, { type: "presence", presence: { left: [2, 99] } }))).toEqual(["Host"]);
  });
});

describe("workshop:updated (an edit, CONTRACT §7.1)", () => {
  it("keeps the latest workshop object and leaves the room's people alone", () => {
    const first = reduceRoom(start, { type: "updated", workshop: { id: 1, title: "Renamed", scheduledStart: "2026-02-01T10:00:00Z" } });
    const second = reduceRoom(first, { type: "updated", workshop: { id: 1, title: "Again" } });
    expect(first.edited?.title).toBe("Renamed");
    expect(second.edited?.title).toBe("Again");
    expect(names(second)).toEqual(names(start));
    expect(start.edited).toBeUndefined();
  });
});
