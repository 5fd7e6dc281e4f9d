/**
 * The waiting room (CONTRACT §7.2): the queue (cluster state in the database), admit, admit all, deny, the
 * reconnect grace, and the verdict recorded on the attendee. It knows nothing of sockets: the socket edge
 * ({@code signaling.WaitingRoomEvents}) asks it "admit now, or wait at position N" and tells people.
 */
package dev.lectern.admission;
