import { useMemo, useState } from "react";
import { LecternContext, type LecternConnection } from "../connection";
import { Login } from "./Login";
import { Report } from "./Report";
import { Room } from "./Room";
import { navigate, useRoute } from "./router";
import { loadSession, saveSession, type Session } from "./session";
import { WorkshopList } from "./WorkshopList";

export interface AppProps {
  apiUrl: string;
  socketUrl: string;
  rtcConfigured: boolean;
}

export function App({ apiUrl, socketUrl, rtcConfigured }: AppProps) {
  const [session, setSession] = useState<Session | null>(loadSession);
  const route = useRoute();
  const connection = useMemo<LecternConnection | null>(
    () => (session ? { apiUrl, socketUrl, token: session.token } : null),
    [apiUrl, socketUrl, session],
  );

  const signOut = () => {
    saveSession(null);
    setSession(null);
  };

  return (
    <>
      <header className="topbar">
        <a href="/" className="brand" onClick={(e) => { e.preventDefault(); navigate("/"); }}>
          Lectern
        </a>
        {session && (
          <span className="who">
            Signed in as <strong data-testid="me">{session.name}</strong> (#{session.userId})
            <button type="button" className="link" onClick={signOut}>
              Sign out
            </button>
          </span>
        )}
      </header>
      <main className="page">
        {!session || !connection ? (
          <Login
            apiUrl={apiUrl}
            onLogin={(s) => {
              saveSession(s);
              setSession(s);
            }}
          />
        ) : (
          <LecternContext.Provider value={connection}>
            {route.page === "report" ? (
              <Report key={route.workshopId} workshopId={route.workshopId} onUnauthorized={signOut} />
            ) : route.page === "room" ? (
              <Room key={route.workshopId} workshopId={route.workshopId} session={session} rtcConfigured={rtcConfigured} onUnauthorized={signOut} />
            ) : (
              <WorkshopList session={session} onUnauthorized={signOut} />
            )}
          </LecternContext.Provider>
        )}
      </main>
    </>
  );
}
