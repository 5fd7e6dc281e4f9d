// The shapes the hooks expose (the original spec's WorkshopState, AttendeeInfo and ChatMessage) and
// the wire shapes they are built from (CONTRACT §4, docs/signaling.md).

export type WorkshopStatus = "scheduled" | "lobby" | "live" | "ended" | "cancelled";

export interface WorkshopState {
  status: WorkshopStatus;
  startedAt: Date | null;
  endedAt: Date | null;
  hostId: number;
  coHostIds: number[];
}

export interface AttendeeInfo {
  userId: number;
  displayName: string;
  avatarUrl: string | null;
  isHost: boolean;
  isCoHost: boolean;
  canSpeak: boolean;
  /** A panelist (CONTRACT §7.2): on stage from the start. */
  isPanelist?: boolean;
}

export interface ChatMessage {
  id: number;
  userId: number;
  displayName: string;
  avatarUrl: string | null;
  message: string;
  offsetMs: number;
  createdAt: string;
}

/** A refusal, from an acknowledgement or `workshop:error`. `code` is the contract's. */
export interface SignalingError {
  code: "invalid_payload" | "not_found" | "forbidden" | "invalid_state" | "banned" | "rate_limited" | "internal" | "waiting" | "timeout" | "disconnected" | "unauthorized";
  message: string;
}

/** What every action resolves to: the server's acknowledgement (never a rejection, so ignoring it is safe). */
export type Ack<T extends object = Record<string, unknown>> = ({ ok: true } & T) | { ok: false; error: SignalingError };

// --- wire shapes -----------------------------------------------------------------------------------

export interface WireAttendee {
  userId: number;
  displayName: string;
  avatarUrl: string | null;
  isHost: boolean;
  isCoHost: boolean;
  canSpeak?: boolean;
}

export interface WireState {
  workshopId: number;
  status: WorkshopStatus;
  hostId: number;
  coHostIds: number[];
  speakerIds: number[];
  raisedHands: { userId: number; raisedAt: string }[];
  attendees: (Required<WireAttendee> & { isPanelist?: boolean })[];
  startedAt: string | null;
  endedAt: string | null;
  /** Users present now; above the server's presence limit `attendees` lists only the stage (big rooms). */
  presentCount?: number;
  /** Whether `attendees` lists everyone present (false in a big room: the stage only). */
  fullPresence?: boolean;
  panelistIds?: number[];
}

export interface WireChatMessage {
  id: number;
  userId: number;
  displayName: string;
  avatarUrl: string | null;
  message: string;
  offset_ms: number;
  createdAt: string;
}

/** The batched presence event a large-room server may send instead of one event per person. */
export interface WirePresence {
  joined?: WireAttendee[];
  left?: number[];
  /** Users present now (big rooms send only this for their audience). */
  presentCount?: number;
}
