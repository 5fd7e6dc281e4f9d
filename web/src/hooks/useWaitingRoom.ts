import { useCallback, useEffect, useState } from "react";
import type { Socket } from "socket.io-client";
import type { Ack } from "../types";
import { emitAck } from "./useWorkshopSocket";

/** One user in the waiting room's queue, as moderators see it (CONTRACT §7.2). */
export interface WaitingUser {
  userId: number;
  displayName: string;
  avatarUrl: string | null;
  since: string;
}

export interface DeniedUser {
  userId: number;
  displayName: string;
}

/**
 * Where this user stands: `none` (not in a waiting room: in the room, or the workshop has none),
 * `waiting` (with `position`, 1 = next), `denied`. `admitted` lasts until the room's state arrives.
 */
export type WaitingStatus = "none" | "waiting" | "admitted" | "denied";

export interface UseWaitingRoom {
  status: WaitingStatus;
  /** 1 = next in line; null unless waiting. */
  position: number | null;
  /** Moderators only: the whole queue, first come first, as the server last sent it. */
  queue: WaitingUser[];
  denied: DeniedUser[];
  admit: (userId: number) => Promise<Ack<{ admitted: number[] }>>;
  admitAll: () => Promise<Ack<{ admitted: number[] }>>;
  deny: (userId: number) => Promise<Ack>;
}

/**
 * The waiting room over the socket `useWorkshopSocket` holds: the waiting state of this user
 * (`workshop:waiting`, `workshop:admitted`, `workshop:denied`) and, for moderators, the queue
 * (`workshop:waiting-room`) and its actions. The join itself stays `useWorkshopSocket`'s.
 */
export function useWaitingRoom(socket: Socket | null, workshopId: number | null): UseWaitingRoom {
  const [status, setStatus] = useState<WaitingStatus>("none");
  const [position, setPosition] = useState<number | null>(null);
  const [queue, setQueue] = useState<WaitingUser[]>([]);
  const [denied, setDenied] = useState<DeniedUser[]>([]);

  useEffect(() => {
    if (!socket || workshopId == null) return;
    const onWaiting = (p: { position: number }) => {
      setStatus("waiting");
      setPosition(p.position);
    };
    const onAdmitted = (p: { workshopId: number }) => {
      if (p.workshopId !== workshopId) return;
      setStatus("admitted");
      setPosition(null);
    };
    const onDenied = (p: { workshopId: number }) => {
      if (p.workshopId !== workshopId) return;
      setStatus("denied");
      setPosition(null);
    };
    const onState = (s: { workshopId: number }) => {
      if (s.workshopId === workshopId) {
        setStatus("none"); // in the room
        setPosition(null);
      }
    };
    const onQueue = (q: { waiting: WaitingUser[]; denied: DeniedUser[] }) => {
      setQueue(q.waiting);
      setDenied(q.denied);
    };
    socket.on("workshop:waiting", onWaiting);
    socket.on("workshop:admitted", onAdmitted);
    socket.on("workshop:denied", onDenied);
    socket.on("workshop:state", onState);
    socket.on("workshop:waiting-room", onQueue);
    return () => {
      socket.off("workshop:waiting", onWaiting);
      socket.off("workshop:admitted", onAdmitted);
      socket.off("workshop:denied", onDenied);
      socket.off("workshop:state", onState);
      socket.off("workshop:waiting-room", onQueue);
      setStatus("none");
      setPosition(null);
      setQueue([]);
      setDenied([]);
    };
  }, [socket, workshopId]);

  return {
    status,
    position,
    queue,
    denied,
    admit: useCallback(
      (userId: number) => emitAck<{ admitted: number[] }>(socket, "workshop:admit", { workshopId, targetUserId: userId }),
      [socket, workshopId],
    ),
    admitAll: useCallback(() => emitAck<{ admitted: number[] }>(socket, "workshop:admit", { workshopId, all: true }), [socket, workshopId]),
    deny: useCallback((userId: number) => emitAck(socket, "workshop:deny", { workshopId, targetUserId: userId }), [socket, workshopId]),
  };
}
