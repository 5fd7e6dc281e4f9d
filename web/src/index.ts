// The package's public surface: the two hooks, their types, and the connection they use.
export { useWorkshopSocket, ACK_TIMEOUT_MS, RECONNECT, type UseWorkshopSocket } from "./hooks/useWorkshopSocket";
export { useWorkshopChat, type UseWorkshopChat } from "./hooks/useWorkshopChat";
export { LecternContext, userIdOf, type LecternConnection } from "./connection";
export type { WorkshopState, AttendeeInfo, ChatMessage, SignalingError, Ack, WorkshopStatus } from "./types";
export { useWaitingRoom, type UseWaitingRoom, type WaitingUser, type DeniedUser, type WaitingStatus } from "./hooks/useWaitingRoom";
