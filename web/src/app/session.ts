import { userIdOf } from "../connection";

export interface Session {
  token: string;
  userId: number;
  name: string;
}

const KEY = "lectern.session";

export function loadSession(): Session | null {
  try {
    const s = JSON.parse(localStorage.getItem(KEY) ?? "null") as Session | null;
    return s && typeof s.token === "string" && userIdOf(s.token) === s.userId ? s : null;
  } catch {
    return null;
  }
}

export function saveSession(session: Session | null): void {
  if (session) localStorage.setItem(KEY, JSON.stringify(session));
  else localStorage.removeItem(KEY);
}
