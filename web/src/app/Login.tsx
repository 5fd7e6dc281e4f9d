import { useState, type FormEvent } from "react";
import { api, ApiError } from "../api";
import type { Session } from "./session";

/** Dev login (POST /api/dev/login): any user id and name, only while the server allows it. */
export function Login({ apiUrl, onLogin }: { apiUrl: string; onLogin: (s: Session) => void }) {
  const [userId, setUserId] = useState("");
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const id = Number(userId);
    if (!Number.isInteger(id) || id < 1) return setError("The user id must be a whole number from 1.");
    if (!name.trim()) return setError("Please give a display name.");
    setBusy(true);
    setError(null);
    try {
      const { token } = await api.devLogin(apiUrl, id, name.trim());
      onLogin({ token, userId: id, name: name.trim() });
    } catch (err) {
      setError(
        err instanceof ApiError && err.status === 404
          ? "Dev login is off on this server (LECTERN_DEV_LOGIN). Sign in through your identity provider."
          : (err as Error).message,
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="login-title" className="card narrow">
      <h1 id="login-title">Sign in (development)</h1>
      <form onSubmit={submit}>
        <label htmlFor="login-user-id">User id</label>
        <input id="login-user-id" inputMode="numeric" autoComplete="off" value={userId} onChange={(e) => setUserId(e.target.value)} required />
        <label htmlFor="login-name">Display name</label>
        <input id="login-name" autoComplete="nickname" value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
        <button type="submit" disabled={busy}>
          Sign in
        </button>
        {error && <p role="alert" className="error">{error}</p>}
      </form>
    </section>
  );
}
