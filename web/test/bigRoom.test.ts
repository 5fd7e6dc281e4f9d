import { describe, expect, it } from "vitest";
import { emptyRoom, reduceRoom, type Room } from "../src/hooks/roomState";
import type { WireAttendee, WireState } from "../src/types";

// Big rooms (CONTRACT §4): above the server's presence limit the state lists the stage only, the
// audience arrives as counts, and a moderator also hears audience arrivals (which stay off the stage).

const person = (userId: number, displayName: string): WireAttendee => ({ userId, displayName, avatarUrl: null, isHost: userId === 1, isCoHost: false });
const big: WireState = {
  workshopId: 1, status: "live", hostId: 1, coHostIds: [], speakerIds: [], panelistIds: [5],
  raisedHands: [{ userId: 2, raisedAt: "2026-01-01T00:00:00Z" }],
  attendees: [
    { ...person(1, "Host"), canSpeak: true },
    { ...person(2, "Ada"), canSpeak: false },
  ],
  startedAt: "2026-01-01T00:00:00Z", endedAt: null, presentCount: 5000, fullPresence: false,
};
const start: Room = reduceRoom(emptyRoom, { type: "state", state: big });
const ids = (r: Room) => r.attendees.map((a) => a.userId);

describe("big rooms", () => {
  it("takes the count from the state and from workshop:presence, not from the stage list", () => {
    expect(start.presentCount).toBe(5000);
    expect(start.fullPresence).toBe(false);
    const r = reduceRoom(start, { type: "presence", presence: { presentCount: 5012 } });
    expect(r.presentCount).toBe(5012);
    expect(ids(r)).toEqual([1, 2]);
  });

  it("puts stage arrivals (a panelist) on the stage and keeps audience arrivals a moderator hears off it", () => {
    const panelist = reduceRoom(start, { type: "user-joined", attendee: person(5, "Pia") });
    const audience = reduceRoom(panelist, { type: "user-joined", attendee: person(77, "Zed") });
    expect(ids(audience)).toEqual([1, 2, 5]);
    expect(audience.presentCount).toBe(5000); // counts come from the server only
    const batch = reduceRoom(audience, { type: "presence", presence: { joined: [person(78, "Yan")], left: [5], presentCount: 5001 } });
    expect(ids(batch)).toEqual([1, 2]);
    expect(batch.presentCount).toBe(5001);
  });

  it("a room within the limit counts its list, and a fresh state switches between the two", () => {
    const small = reduceRoom(emptyRoom, { type: "state", state: { ...big, presentCount: 2, fullPresence: true } });
    const joined = reduceRoom(small, { type: "user-joined", attendee: person(9, "Ivo") });
    expect(joined.presentCount).toBe(3);
    expect(ids(joined)).toEqual([1, 2, 9]);
    const crossed = reduceRoom(joined, { type: "state", state: big });
    expect(crossed.fullPresence).toBe(false);
    expect(ids(crossed)).toEqual([1, 2]);
    // an older server sends neither field: everything is listed, and counted
    const { presentCount: _c, fullPresence: _f, panelistIds: _p, ...old } = big;
    const legacy = reduceRoom(emptyRoom, { type: "state", state: old });
    expect(legacy.fullPresence).toBe(true);
    expect(legacy.presentCount).toBe(2);
  });
});
