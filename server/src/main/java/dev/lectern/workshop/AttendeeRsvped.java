package dev.lectern.workshop;

/**
 * Published inside the transaction of an RSVP that signed the user up (not a repeated, idempotent one),
 * for listeners sharing the transaction such as the webhook outbox.
 */
public record AttendeeRsvped(long workshopId, long userId) {}
