import { userIdOf } from "../connection";

export interface Session {
  token: string;
  userId: number;
  name: string;
}

const KEY = "lectern.session";

/**
 * The login lives in sessionStorage: it survives a reload of this tab but not the tab itself, and,
 * unlike localStorage, it is not left on disk for every later visitor of the browser profile. A
 * token an older build left in localStorage is removed on first load.
 */
function storage(): Storage | null {
  try {
    return typeof sessionStorage === "undefined" ? null : sessionStorage;
  } catch {
    return null; // storage disabled: the session lives in memory only (React state)
  }
}

function forgetLegacy(): void {
  try {
    if (typeof localStorage !== "undefined") localStorage.removeItem(KEY);
  } catch {
    // storage disabled: nothing was stored there
  }
}

export function loadSession(): Session | null {
  forgetLegacy();
  try {
    const s = JSON.parse(storage()?.getItem(KEY) ?? "null") as Session | null;
    return s && typeof s.token === "string" && userIdOf(s.token) === s.userId ? s : null;
  } catch {
    return null;
  }
}

export function saveSession(session: Session | null): void {
  const store = storage();
  if (!store) return;
  if (session) store.setItem(KEY, JSON.stringify(session));
  else store.removeItem(KEY);
}
