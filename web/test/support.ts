import { renderHook, type RenderHookResult } from "@testing-library/react";
import { inject, vi } from "vitest";
import type { LecternConnection } from "../src/connection";
import { useWorkshopChat, type UseWorkshopChat } from "../src/hooks/useWorkshopChat";
import { useWorkshopSocket, type UseWorkshopSocket } from "../src/hooks/useWorkshopSocket";
import { createWorkshop, newUser, rest, type User } from "./lectern-server.mjs";

export const lectern = () => inject("lectern");

export const user = (name: string) => newUser(lectern().baseUrl, name);
export const call = (u: User, method: string, path: string, body?: unknown) => rest(lectern().baseUrl, u, method, path, body);
export const workshop = (host: User, attendees: User[] = []) => createWorkshop(lectern().baseUrl, host, attendees);

export function connectionFor(u: User): LecternConnection {
  return { apiUrl: lectern().baseUrl, socketUrl: lectern().socketUrl, token: u.token };
}

export interface Participant {
  hook: RenderHookResult<{ room: UseWorkshopSocket; chat: UseWorkshopChat }, { id: number | null }>;
  get room(): UseWorkshopSocket;
  get chat(): UseWorkshopChat;
}

/** Mounts both hooks, as the room page does, for `u` in workshop `id`. */
export function mount(u: User, id: number | null): Participant {
  const connection = connectionFor(u);
  const hook = renderHook(
    ({ id }) => {
      const room = useWorkshopSocket(id, connection);
      const chat = useWorkshopChat(room.socket, id, connection);
      return { room, chat };
    },
    { initialProps: { id } },
  );
  return {
    hook,
    get room() {
      return hook.result.current.room;
    },
    get chat() {
      return hook.result.current.chat;
    },
  };
}

/** Waits until `check` stops throwing (the hooks update as events arrive). */
export const until = (check: () => void, timeout = 10_000) => vi.waitFor(check, { timeout, interval: 25 });

/** Mounts and waits for the first snapshot: the hook has connected and joined. */
export async function joined(u: User, id: number): Promise<Participant> {
  const p = mount(u, id);
  await until(() => {
    if (!p.room.connected || !p.room.workshopState) throw new Error(`${u.name} has not joined yet (${JSON.stringify(p.room.joinError)})`);
  });
  return p;
}

export const ids = (p: Participant) => p.room.attendees.map((a) => a.userId).sort((a, b) => a - b);
