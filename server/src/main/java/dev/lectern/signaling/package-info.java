/**
 * Real-time signaling (CONTRACT §4): the Socket.IO server on its own port, handshake authentication,
 * the {@code /workshop} and {@code /notifications} namespaces, presence and room broadcasts. An edge
 * only: it parses payloads, hands each event to the workshop's serial queue, calls one service of the
 * {@code workshop} or {@code chat} feature, then broadcasts and acks.
 */
package dev.lectern.signaling;
