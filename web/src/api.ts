import type { ChatMessage } from "./types";

// The REST calls the page and the chat hook make. Errors are the server's problem+json bodies,
// turned into ApiError with the contract's `code`.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export interface Workshop {
  id: number;
  title: string;
  description: string | null;
  hostId: number;
  status: "scheduled" | "lobby" | "live" | "ended" | "cancelled";
  isPrivate: boolean;
  scheduledStart: string;
  durationMinutes: number;
  maxAttendees: number | null;
  agoraChannel: string;
  startedAt: string | null;
  endedAt: string | null;
  attendeeCount: number;
  /** CONTRACT §7.2: everyone walks in, or a moderator admits them from a waiting room. */
  admission: "open" | "waiting_room";
  /** CONTRACT §7.3: questions appear at once, after a moderator publishes them, or not at all. */
  qaMode: "open" | "moderated" | "off";
  qaAnonymous: boolean;
}

export interface RtcToken {
  appId: string;
  channel: string;
  uid: number;
  token: string;
  role: "publisher" | "subscriber";
  expiresAt: string;
}

export interface ClientConfig {
  socketUrl: string | null;
  socketPort: number;
  rtcConfigured: boolean;
}

/** A chat message from REST history: the hooks' ChatMessage, `offsetMs` already camelCase. */
export type RestChatMessage = ChatMessage;

/** One REST call; a non-2xx answer throws ApiError, a network failure throws ApiError with code "network". */
export async function call<T>(apiUrl: string, path: string, token: string | null, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (init.body !== undefined) headers["Content-Type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(apiUrl + path, {
      method: init.method ?? "GET",
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  } catch (e) {
    throw new ApiError(0, "network", `cannot reach the server (${(e as Error).message})`);
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const body = text ? safeJson(text) : null;
  if (!response.ok) {
    const problem = (body ?? {}) as { code?: string; detail?: string; title?: string };
    throw new ApiError(response.status, problem.code ?? String(response.status), problem.detail ?? problem.title ?? response.statusText);
  }
  return body as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export const api = {
  clientConfig: (apiUrl: string) => call<ClientConfig>(apiUrl, "/api/client-config", null),
  devLogin: (apiUrl: string, userId: number, name: string) =>
    call<{ token: string }>(apiUrl, "/api/dev/login", null, { method: "POST", body: { userId, name } }),
  workshops: (apiUrl: string, token: string) =>
    call<{ items: Workshop[] }>(apiUrl, "/api/workshops?status=scheduled,lobby,live&limit=100", token),
  workshop: (apiUrl: string, token: string, id: number) => call<Workshop>(apiUrl, `/api/workshops/${id}`, token),
  create: (apiUrl: string, token: string, body: { title: string; description?: string; scheduledStart: string; durationMinutes: number }) =>
    call<Workshop>(apiUrl, "/api/workshops", token, { method: "POST", body }),
  rsvp: (apiUrl: string, token: string, id: number) => call<unknown>(apiUrl, `/api/workshops/${id}/rsvp`, token, { method: "POST" }),
  start: (apiUrl: string, token: string, id: number) => call<Workshop>(apiUrl, `/api/workshops/${id}/start`, token, { method: "POST" }),
  end: (apiUrl: string, token: string, id: number) => call<Workshop>(apiUrl, `/api/workshops/${id}/end`, token, { method: "POST" }),
  rtcToken: (apiUrl: string, token: string, id: number, stage: "live" | "backstage" = "live") =>
    call<RtcToken>(apiUrl, `/api/workshops/${id}/token${stage === "backstage" ? "?stage=backstage" : ""}`, token),
  chat: (apiUrl: string, token: string, id: number, afterId: number, limit: number) =>
    call<{ items: RestChatMessage[] }>(apiUrl, `/api/workshops/${id}/chat?afterId=${afterId}&limit=${limit}`, token),
};
