package dev.lectern.workshop;

import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The invite role (CONTRACT §7.1, §7.2): an invitation names each listed user an attendee or a
 * panelist, upgrading or downgrading whoever is already in the workshop. A panelist publishes from the
 * start ({@code can_speak}), so {@code revoke-speaker} can still take that away and leave the role.
 */
@Service
public class Panelists {

    private final WorkshopService workshops;
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;

    Panelists(WorkshopService workshops, JdbcClient jdbc, ApplicationEventPublisher events) {
        this.workshops = workshops;
        this.jdbc = jdbc;
        this.events = events;
    }

    /**
     * Invites the users (host or co-host; the host and removed users are left out, as by
     * {@link WorkshopService#invite}) and sets their role, in one transaction: a refusal changes nothing.
     */
    @Transactional
    public List<Long> invite(long workshopId, long callerId, List<Long> userIds, boolean panelist) {
        List<Long> invited = workshops.invite(workshopId, callerId, userIds); // locks the workshop row, checks rights
        List<Long> added = new ArrayList<>();
        List<Long> removed = new ArrayList<>();
        for (long id : invited) {
            // one conditional update per user: it changes the row only when the role really changes
            int changed = panelist
                    ? jdbc.sql("""
                            UPDATE workshop_attendees SET is_panelist = TRUE, can_speak = TRUE
                            WHERE workshop_id = ? AND user_id = ? AND is_panelist = FALSE AND status <> 'removed'""").params(workshopId, id).update()
                    // a co-host keeps speaking; a downgraded panelist no longer does
                    : jdbc.sql("""
                            UPDATE workshop_attendees SET is_panelist = FALSE, can_speak = is_co_host
                            WHERE workshop_id = ? AND user_id = ? AND is_panelist = TRUE""").params(workshopId, id).update();
            if (changed == 1) {
                (panelist ? added : removed).add(id);
            }
        }
        if (!added.isEmpty() || !removed.isEmpty()) {
            events.publishEvent(new RoomChanged(workshopId));
            events.publishEvent(new PanelistsChanged(workshopId, List.copyOf(added), List.copyOf(removed)));
        }
        return invited;
    }

    /**
     * Published in the transaction that changed panelist roles; the socket edge tells the room once it
     * commits ({@code workshop:panelist-added} / {@code workshop:panelist-removed}).
     */
    public record PanelistsChanged(long workshopId, List<Long> added, List<Long> removed) {}
}
