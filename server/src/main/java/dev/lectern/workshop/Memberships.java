package dev.lectern.workshop;

import dev.lectern.system.LecternException.NotFound;
import org.springframework.stereotype.Component;

/**
 * Loads what a user is to a workshop, hiding workshops they may not see behind a 404, and applies the
 * {@link Access} policy: every caller-facing read or write of a workshop or of what hangs off it goes
 * through {@link #require} or {@link #requireLocked}.
 */
@Component
public class Memberships {

    private final WorkshopRepository workshops;
    private final AttendeeRepository attendees;

    Memberships(WorkshopRepository workshops, AttendeeRepository attendees) {
        this.workshops = workshops;
        this.attendees = attendees;
    }

    /** The caller's membership in a workshop they can see; {@link NotFound} otherwise. */
    public Membership of(long workshopId, long userId) {
        return of(workshops.find(workshopId).orElseThrow(() -> notFound(workshopId)), userId);
    }

    /** The caller's membership in a workshop already loaded (or locked); {@link NotFound} if they may not see it. */
    public Membership of(Workshop workshop, long userId) {
        Membership m = new Membership(
                workshop, userId, attendees.find(workshop.id(), userId).orElse(null));
        if (!m.canSee()) {
            throw notFound(workshop.id());
        }
        return m;
    }

    /** The caller's membership if the policy grants {@code access}; {@code action} words the refusal. */
    public Membership require(long workshopId, long userId, Access access, String action) {
        return access.check(of(workshopId, userId), action);
    }

    /** The same, with the workshop row locked for the rest of the transaction. */
    public Membership requireLocked(long workshopId, long userId, Access access, String action) {
        return access.check(lockedOf(workshopId, userId), action);
    }

    /** The same, with the workshop row locked for the rest of the transaction. */
    public Membership lockedOf(long workshopId, long userId) {
        return of(workshops.lock(workshopId).orElseThrow(() -> notFound(workshopId)), userId);
    }

    /** Locks the workshop row for the rest of the transaction; {@link NotFound} if there is none. */
    public Workshop lock(long workshopId) {
        return workshops.lock(workshopId).orElseThrow(() -> notFound(workshopId));
    }

    static NotFound notFound(long workshopId) {
        return new NotFound("workshop " + workshopId);
    }
}
