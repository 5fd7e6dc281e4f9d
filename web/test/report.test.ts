import { describe, expect, it } from "vitest";
import { formatDuration, presenceSeries, type ReportAttendee } from "../src/report";

const attendee = (userId: number, sessions: [string, string | null][]): ReportAttendee => ({
  userId, displayName: `U${userId}`, presentMs: 0, chatMessages: 0, questionsAsked: 0, pollsAnswered: 0, handRaises: 0,
  sessions: sessions.map(([joinedAt, leftAt]) => ({ joinedAt, leftAt })),
});

describe("presenceSeries", () => {
  it("steps up and down with the sessions; a leave and a join at one instant do not overlap", () => {
    const t = (s: number) => new Date(Date.UTC(2026, 11, 3, 15, 0, s)).toISOString();
    const series = presenceSeries(
      [attendee(1, [[t(0), t(10)], [t(20), null]]), attendee(2, [[t(10), t(30)]]), attendee(3, [[t(5), t(15)]])],
      Date.parse(t(40)),
    );
    expect(series.map((p) => [(p.at - Date.parse(t(0))) / 1000, p.present])).toEqual([
      [0, 1], [5, 2], [10, 2], [15, 1], [20, 2], [30, 1], [40, 0],
    ]);
    expect(Math.max(...series.map((p) => p.present))).toBe(2);
  });

  it("is empty without sessions", () => {
    expect(presenceSeries([], Date.now())).toEqual([]);
  });
});

describe("formatDuration", () => {
  it("reads as a person would", () => {
    expect(formatDuration(5_000)).toBe("5s");
    expect(formatDuration(65_000)).toBe("1m 05s");
    expect(formatDuration(3_723_000)).toBe("1h 02m");
  });
});
