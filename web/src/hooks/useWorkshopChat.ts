import { useCallback, useEffect, useRef, useState } from "react";
import type { Socket } from "socket.io-client";
import { api, type RestChatMessage } from "../api";
import { useConnection, type LecternConnection } from "../connection";
import type { Ack, ChatMessage, WireChatMessage, WireState } from "../types";
import { emitAck } from "./useWorkshopSocket";

const HISTORY_PAGE = 500;

export interface UseWorkshopChat {
  /** Oldest first, by id; each message once, however often it was received. */
  messages: ChatMessage[];
  /** Resolves to the server's ack: `{ok: true, chat}` once stored, or the refusal (`rate_limited`…). */
  sendMessage: (text: string) => Promise<Ack<{ chat: ChatMessage }>>;
  /** The last failure to load history, if any (live messages keep arriving regardless). */
  historyError: string | null;
}

export function fromWire(m: WireChatMessage): ChatMessage {
  return { id: m.id, userId: m.userId, displayName: m.displayName, avatarUrl: m.avatarUrl ?? null, message: m.message, offsetMs: m.offset_ms, createdAt: m.createdAt };
}

function fromRest(m: RestChatMessage): ChatMessage {
  return { id: m.id, userId: m.userId, displayName: m.displayName, avatarUrl: m.avatarUrl ?? null, message: m.message, offsetMs: m.offsetMs, createdAt: m.createdAt };
}

/** Merges by id: a message seen twice (history and live, or again after a reconnect) stays once. */
export function mergeMessages(current: ChatMessage[], incoming: ChatMessage[]): ChatMessage[] {
  if (incoming.length === 0) return current;
  const byId = new Map(current.map((m) => [m.id, m]));
  let changed = false;
  for (const m of incoming) {
    if (!byId.has(m.id)) {
      byId.set(m.id, m);
      changed = true;
    }
  }
  return changed ? [...byId.values()].sort((a, b) => a.id - b.id) : current;
}

/**
 * The chat of one workshop room, on the socket of {@link useWorkshopSocket}. Each time the socket
 * (re)joins — every `workshop:state` snapshot for this workshop — it loads the history it is missing
 * over REST (`afterId` = the newest it has), so nothing sent while it was away is lost; live
 * `workshop:chat-message` events are appended; ids keep every message exactly once.
 */
export function useWorkshopChat(socket: Socket | null, workshopId: number | null, connection?: LecternConnection): UseWorkshopChat {
  const { apiUrl, token } = useConnection(connection);
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [historyError, setHistoryError] = useState<string | null>(null);
  const newestId = useRef(0);

  useEffect(() => {
    newestId.current = messages.length ? messages[messages.length - 1].id : 0;
  }, [messages]);

  useEffect(() => {
    setMessages([]);
    newestId.current = 0;
  }, [workshopId]);

  useEffect(() => {
    if (!socket || workshopId == null) return;
    let cancelled = false;
    const append = (incoming: ChatMessage[]) => {
      if (!cancelled) setMessages((current) => mergeMessages(current, incoming));
    };
    const loadMissing = async () => {
      try {
        for (;;) {
          const page = await api.chat(apiUrl, token, workshopId, newestId.current, HISTORY_PAGE);
          append(page.items.map(fromRest));
          if (page.items.length) newestId.current = Math.max(newestId.current, page.items[page.items.length - 1].id);
          if (page.items.length < HISTORY_PAGE || cancelled) break;
        }
        if (!cancelled) setHistoryError(null);
      } catch (e) {
        if (!cancelled) setHistoryError((e as Error).message);
      }
    };
    const onState = (state: WireState) => {
      if (state.workshopId === workshopId) void loadMissing();
    };
    const onMessage = (m: WireChatMessage) => append([fromWire(m)]);
    socket.on("workshop:state", onState);
    socket.on("workshop:chat-message", onMessage);
    return () => {
      cancelled = true;
      socket.off("workshop:state", onState);
      socket.off("workshop:chat-message", onMessage);
    };
  }, [socket, workshopId, apiUrl, token]);

  const sendMessage = useCallback(
    async (text: string): Promise<Ack<{ chat: ChatMessage }>> => {
      const ack = await emitAck<{ chat: WireChatMessage }>(socket, "workshop:chat", { workshopId, message: text });
      if (!ack.ok) return ack;
      // the room broadcast usually arrives first; the ack's copy makes sure the sender has it either way
      const chat = fromWire(ack.chat);
      setMessages((current) => mergeMessages(current, [chat]));
      return { ok: true, chat };
    },
    [socket, workshopId],
  );

  return { messages, sendMessage, historyError };
}
