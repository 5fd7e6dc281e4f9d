import { useEffect, useRef, useState, type FormEvent } from "react";
import type { UseWorkshopChat } from "../hooks/useWorkshopChat";

function offset(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

export function Chat({ chat, me, canChat }: { chat: UseWorkshopChat; me: number; canChat: boolean }) {
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const list = useRef<HTMLOListElement>(null);

  useEffect(() => {
    list.current?.lastElementChild?.scrollIntoView?.({ block: "nearest" });
  }, [chat.messages.length]);

  const send = async (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return;
    const ack = await chat.sendMessage(text);
    if (ack.ok) {
      setText("");
      setError(null);
    } else {
      setError(`Not sent: ${ack.error.message} (${ack.error.code})`);
    }
  };

  return (
    <section className="card chat" aria-labelledby="chat-title">
      <h2 id="chat-title">Chat</h2>
      <ol className="messages" ref={list} aria-live="polite" aria-relevant="additions" data-testid="messages">
        {chat.messages.map((m) => (
          <li key={m.id} className={m.userId === me ? "mine" : undefined}>
            <span className="author">{m.displayName}</span>{" "}
            <span className="muted" title={new Date(m.createdAt).toLocaleString()}>
              {m.offsetMs > 0 ? `at ${offset(m.offsetMs)}` : "lobby"}
            </span>
            <p>{m.message}</p>
          </li>
        ))}
      </ol>
      {chat.historyError && <p className="error">Earlier messages could not be loaded: {chat.historyError}</p>}
      <form onSubmit={send} className="chat-form">
        <label htmlFor="chat-input">Message</label>
        <div className="row">
          <input id="chat-input" value={text} onChange={(e) => setText(e.target.value)} maxLength={1000} disabled={!canChat} autoComplete="off" />
          <button type="submit" disabled={!canChat || !text.trim()}>
            Send
          </button>
        </div>
        {!canChat && <p className="muted">Chat opens when the lobby does.</p>}
        {error && <p role="alert" className="error">{error}</p>}
      </form>
    </section>
  );
}
