import { useEffect, useRef, useState } from "react";
import type { IAgoraRTCClient, ICameraVideoTrack, IMicrophoneAudioTrack } from "agora-rtc-sdk-ng";
import { api, ApiError, type RtcToken } from "../api";
import { useConnection } from "../connection";

/** Agora's SDK retries a join for minutes without a network; past this the panel gives up and says so. */
const JOIN_TIMEOUT_MS = 20_000;

type Media =
  | { kind: "closed" }
  | { kind: "checking" }
  | { kind: "unavailable"; reason: string }
  | { kind: "ready"; token: RtcToken }
  | { kind: "joining"; token: RtcToken }
  | { kind: "joined"; token: RtcToken };

/**
 * Audio and video through Agora, with a token from GET /api/workshops/{id}/token. Everything about
 * media can fail on its own — no Agora project configured (503 rtc_not_configured), the SDK or
 * Agora unreachable — and then this panel says so while the rest of the room keeps working.
 * The SDK is imported only when someone joins, so the page never waits for it.
 */
export function MediaPanel({ workshopId, rtcConfigured, open, canSpeak, mutedCount, stage = "live" }: {
  workshopId: number;
  rtcConfigured: boolean;
  open: boolean;
  canSpeak: boolean;
  mutedCount: number;
  /** Moderators may use the backstage channel (never recorded); the room page remounts the panel on a switch. */
  stage?: "live" | "backstage";
}) {
  const { apiUrl, token } = useConnection();
  const [media, setMedia] = useState<Media>({ kind: "closed" });
  const [publishing, setPublishing] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const client = useRef<IAgoraRTCClient | null>(null);
  const tracks = useRef<{ mic: IMicrophoneAudioTrack; cam: ICameraVideoTrack } | null>(null);
  const local = useRef<HTMLDivElement>(null);
  const remote = useRef<HTMLDivElement>(null);

  // a token for the current role: asked again when the speaking right changes (publisher ↔ subscriber)
  useEffect(() => {
    if (!open) {
      setMedia({ kind: "closed" });
      return;
    }
    let cancelled = false;
    setMedia((m) => (m.kind === "joined" ? m : { kind: "checking" }));
    api.rtcToken(apiUrl, token, workshopId, stage).then(
      async (t) => {
        if (cancelled) return;
        if (client.current) {
          await client.current.setClientRole(t.role === "publisher" ? "host" : "audience").catch(() => undefined);
          await client.current.renewToken(t.token).catch(() => undefined);
          setMedia({ kind: "joined", token: t });
        } else {
          setMedia({ kind: "ready", token: t });
        }
      },
      (e: unknown) => {
        if (cancelled) return;
        const reason =
          e instanceof ApiError && e.code === "rtc_not_configured"
            ? "Media is unavailable: this server has no Agora project configured. Chat, hands and everything else work without it."
            : e instanceof ApiError && e.code === "network"
              ? "Media is unavailable: the server cannot be reached."
              : `Media is unavailable: ${(e as Error).message}`;
        setMedia({ kind: "unavailable", reason });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [apiUrl, token, workshopId, open, canSpeak, stage]);

  useEffect(() => {
    if (mutedCount > 0 && tracks.current) {
      void tracks.current.mic.setEnabled(false);
      setNote("The host muted your microphone.");
    } else if (mutedCount > 0) {
      setNote("The host asked you to stay muted.");
    }
  }, [mutedCount]);

  // leave the channel when the room closes or the page goes
  useEffect(() => {
    if (open) return;
    void leave();
  }, [open]);
  useEffect(() => () => void leave(), []);

  async function leave() {
    tracks.current?.mic.close();
    tracks.current?.cam.close();
    tracks.current = null;
    setPublishing(false);
    const c = client.current;
    client.current = null;
    await c?.leave().catch(() => undefined);
  }

  async function join(t: RtcToken) {
    setMedia({ kind: "joining", token: t });
    try {
      const AgoraRTC = (await import("agora-rtc-sdk-ng")).default;
      AgoraRTC.setLogLevel(3);
      const c = AgoraRTC.createClient({ mode: "live", codec: "vp8" });
      await c.setClientRole(t.role === "publisher" ? "host" : "audience");
      c.on("user-published", async (user, type) => {
        await c.subscribe(user, type);
        if (type === "video" && remote.current) {
          const box = document.createElement("div");
          box.className = "video";
          box.id = `remote-${user.uid}`;
          remote.current.append(box);
          user.videoTrack?.play(box);
        }
        if (type === "audio") user.audioTrack?.play();
      });
      c.on("user-unpublished", (user, type) => {
        if (type === "video") document.getElementById(`remote-${user.uid}`)?.remove();
      });
      c.on("token-privilege-will-expire", async () => {
        const fresh = await api.rtcToken(apiUrl, token, workshopId, stage).catch(() => null);
        if (fresh) await c.renewToken(fresh.token);
      });
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, fail) => {
        timer = setTimeout(() => fail(new Error(`no answer from Agora within ${JOIN_TIMEOUT_MS / 1000} s — no network?`)), JOIN_TIMEOUT_MS);
      });
      try {
        await Promise.race([c.join(t.appId, t.channel, t.token, t.uid), timeout]);
      } catch (e) {
        void c.leave().catch(() => undefined);
        throw e;
      } finally {
        clearTimeout(timer);
      }
      client.current = c;
      setMedia({ kind: "joined", token: t });
    } catch (e) {
      setMedia({ kind: "unavailable", reason: `Media is unavailable: could not join Agora (${(e as Error).message}). Everything else keeps working.` });
    }
  }

  async function publish() {
    const c = client.current;
    if (!c) return;
    try {
      const AgoraRTC = (await import("agora-rtc-sdk-ng")).default;
      const [mic, cam] = await AgoraRTC.createMicrophoneAndCameraTracks();
      tracks.current = { mic, cam };
      await c.publish([mic, cam]);
      if (local.current) cam.play(local.current);
      setPublishing(true);
      setNote(null);
    } catch (e) {
      setNote(`Camera or microphone unavailable: ${(e as Error).message}`);
    }
  }

  async function unpublish() {
    const t = tracks.current;
    if (!t || !client.current) return;
    await client.current.unpublish([t.mic, t.cam]).catch(() => undefined);
    t.mic.close();
    t.cam.close();
    tracks.current = null;
    setPublishing(false);
  }

  // a revoked right stops publishing
  useEffect(() => {
    if (!canSpeak && publishing) void unpublish();
  }, [canSpeak, publishing]);

  return (
    <section className="card media" aria-labelledby="media-title">
      <h2 id="media-title">Audio and video</h2>
      <p role="status" aria-live="polite" data-testid="media-status">
        {media.kind === "closed" && "Media opens with the lobby."}
        {media.kind === "checking" && "Checking media…"}
        {media.kind === "unavailable" && media.reason}
        {media.kind === "ready" && `Media is available${rtcConfigured ? "" : ""} (${media.token.role}).`}
        {media.kind === "joining" && "Connecting to Agora…"}
        {media.kind === "joined" && `Connected to media as ${media.token.role === "publisher" ? "a speaker" : "a listener"}.`}
      </p>
      {note && <p role="alert">{note}</p>}
      <div className="actions">
        {media.kind === "ready" && (
          <button type="button" onClick={() => join(media.token)}>
            Join audio and video
          </button>
        )}
        {media.kind === "joined" && canSpeak && !publishing && (
          <button type="button" onClick={publish}>
            Turn on camera and microphone
          </button>
        )}
        {media.kind === "joined" && publishing && (
          <button type="button" onClick={unpublish}>
            Turn off camera and microphone
          </button>
        )}
        {media.kind === "joined" && (
          <button type="button" onClick={() => leave().then(() => setMedia({ kind: "ready", token: media.token }))}>
            Leave media
          </button>
        )}
      </div>
      <div className="videos">
        <div ref={local} className="video local" aria-label="your camera" hidden={!publishing} />
        <div ref={remote} className="remote" />
      </div>
    </section>
  );
}
