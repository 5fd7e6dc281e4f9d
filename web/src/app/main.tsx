import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { api } from "../api";
import { App } from "./App";
import "./styles.css";

const root = createRoot(document.getElementById("root")!);

// The Socket.IO server is on its own port: ask the server where, before anything connects.
api
  .clientConfig("")
  .then((config) => {
    const socketUrl = config.socketUrl ?? `${location.protocol}//${location.hostname}:${config.socketPort}`;
    root.render(
      <StrictMode>
        <App apiUrl="" socketUrl={socketUrl} rtcConfigured={config.rtcConfigured} />
      </StrictMode>,
    );
  })
  .catch((e: Error) => {
    root.render(
      <main className="page">
        <p role="alert">Cannot reach the Lectern server: {e.message}</p>
      </main>,
    );
  });
