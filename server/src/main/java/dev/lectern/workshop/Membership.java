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

    /** Invited with {@code role: "panelist"} (CONTRACT §7.2); a promoted panelist stays one. */
    public boolean isPanelist() {
        return !isHost() && !isRemoved() && attendee != null && attendee.panelist();
    }

    /** Host, co-hosts and panelists (CONTRACT §7): they moderate Q&A, polls and the waiting room. */
    public boolean isModerator() {
        return canManage() || isPanelist();
    }

    /** A moderator denied them entry (CONTRACT §7.2): no join, no token, until a moderator admits them. */
    public boolean isDenied() {
        return !isModerator() && attendee != null && "denied".equals(attendee.admission());
    }

    /**
     * Must pass the waiting room before entering: the workshop has one, and they are neither a
     * moderator nor admitted already (a reconnect or a second tab skips it).
     */
    public boolean mustWait() {
        return workshop.admission() == Admission.WAITING_ROOM
                && !isModerator()
                && (attendee == null || !"admitted".equals(attendee.admission()));
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
