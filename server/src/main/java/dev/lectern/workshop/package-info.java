/**
 * Workshops and their attendees: scheduling, RSVP and invites, roles and bans, and the lifecycle
 * state machine ({@link dev.lectern.workshop.Transition}) applied under a row lock by {@link dev.lectern.workshop.Lifecycle}.
 */
package dev.lectern.workshop;
