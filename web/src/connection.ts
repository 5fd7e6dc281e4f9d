import { createContext, useContext } from "react";

/**
 * Where and as whom the hooks connect. The Socket.IO server has its own port (LECTERN_SOCKET_PORT),
 * so the page learns it from `GET /api/client-config`; the JWT is the one from login.
 */
export interface LecternConnection {
  /** Base URL of the REST API, "" for the page's own origin. */
  apiUrl: string;
  /** Base URL of the Socket.IO server, e.g. "http://127.0.0.1:8081" (no namespace). */
  socketUrl: string;
  token: string;
}

export const LecternContext = createContext<LecternConnection | null>(null);

/** The explicit connection if given, else the one from <LecternContext.Provider>. */
export function useConnection(explicit?: LecternConnection): LecternConnection {
  const fromContext = useContext(LecternContext);
  const connection = explicit ?? fromContext;
  if (!connection) {
    throw new Error("no Lectern connection: wrap the component in <LecternContext.Provider> or pass one");
  }
  return connection;
}

/** The user id (`sub`) of a Lectern JWT, or null when it cannot be read. */
export function userIdOf(token: string): number | null {
  try {
    const payload = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    const sub = Number(JSON.parse(atob(payload)).sub);
    return Number.isInteger(sub) && sub > 0 ? sub : null;
  } catch {
    return null;
  }
}
