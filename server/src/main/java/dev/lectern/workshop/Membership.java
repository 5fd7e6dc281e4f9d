package dev.lectern.workshop;

/**
 * What one user is to one workshop: the single place roles are decided, for REST, Socket.IO and
 * tokens alike.
 *
 * @param attendee the user's attendee record, or null if they have none
 */
public record Membership(Workshop workshop, long userId, Attendee attendee) {

    public boolean isHost() {
        return workshop.hostId() == userId;
    }

    public boolean isRemoved() {
        return !isHost() && attendee != null && attendee.status() == AttendeeStatus.REMOVED;
    }

    public boolean isCoHost() {
        return !isRemoved() && attendee != null && attendee.coHost();
    }

    /** Host, co-host, invited or RSVP'd (or has been in the room); never a removed user. */
    public boolean isMember() {
        return isHost() || (attendee != null && !isRemoved());
    }

    public boolean canManage() {
        return isHost() || isCoHost();
    }

    /** Publishes media: host, co-hosts and approved speakers. */
    public boolean canPublish() {
        return canManage() || (isMember() && attendee != null && attendee.canSpeak());
    }

    /** Private workshops are hidden from everyone without a record in them. */
    public boolean canSee() {
        return !workshop.isPrivate() || isHost() || attendee != null;
    }
}
