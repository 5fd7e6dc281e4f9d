package dev.lectern.workshop;

import dev.lectern.system.LecternException.Banned;
import dev.lectern.system.LecternException.Forbidden;

/**
 * The one access policy for a workshop and everything hanging off it (its chat, attendance, video, the
 * video's chat replay, media tokens, the room), used by every endpoint and socket event through
 * {@link Memberships#require}. In this order:
 *
 * <ol>
 *   <li>a private workshop is invisible to anyone without a record in it: 404 {@code not_found}, as if it did
 *       not exist (so a stranger learns nothing, not even that the id is taken);
 *   <li>a removed user is refused everything with {@code banned} (403; RSVP answers 409), the workshop itself
 *       included, so a ban also takes away the {@code agoraChannel};
 *   <li>then the level the call needs, else 403 {@code forbidden}.
 * </ol>
 */
public enum Access {
    /** The workshop and its public parts (a public workshop's video): anyone who may see it. */
    SEE,
    /** The members' parts: chat, the video's chat replay, tokens, the room. Host, co-hosts, invited, RSVP'd. */
    MEMBER,
    /** Host and co-hosts: attendance, invites, start, end, moderation. */
    MANAGE,
    /** The host alone: cancel, co-host roles. */
    HOST;

    /** Applies steps 2 and 3 to a membership that passed step 1 (see {@link Memberships}). */
    public Membership check(Membership m, String action) {
        if (m.isRemoved()) {
            throw new Banned(Banned.Attempt.ACCESS);
        }
        boolean allowed = switch (this) {
            case SEE -> true;
            case MEMBER -> m.isMember();
            case MANAGE -> m.canManage();
            case HOST -> m.isHost();
        };
        if (!allowed) {
            throw new Forbidden(
                    switch (this) {
                        case MEMBER -> "only members of the workshop can " + action;
                        case MANAGE -> "only the host or a co-host can " + action;
                        default -> "only the host can " + action;
                    });
        }
        return m;
    }
}
