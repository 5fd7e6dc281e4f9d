package dev.lectern.socketio;

/**
 * An event's {@code ["name", args...]} array serialised once, to send to many sockets: a payload
 * that implements this, passed alone to {@code sendEvent} under the same name, is written as is.
 */
public interface PreEncoded {

    String event();

    byte[] eventArray();
}
