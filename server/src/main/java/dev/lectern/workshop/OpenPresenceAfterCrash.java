package dev.lectern.workshop;

import dev.lectern.cluster.Nodes;
import dev.lectern.system.Sql;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A single node keeps presence in memory, so after a crash ({@code kill -9}, power loss) its attendee
 * records still say {@code joined} and their {@code presentMs} would keep growing. At the next start-up,
 * before anyone can connect, they become {@code left} at the crashed run's last heartbeat (see
 * {@link Nodes}; every {@code LECTERN_NODE_TTL}/3, 5 s by default), so at most one heartbeat interval of
 * presence is lost and none is invented.
 */
@Component
class OpenPresenceAfterCrash implements Nodes.Restart {

    private static final Logger log = LoggerFactory.getLogger(OpenPresenceAfterCrash.class);

    private final AttendeeRepository attendees;
    private final Clock clock;

    OpenPresenceAfterCrash(AttendeeRepository attendees, Clock clock) {
        this.attendees = attendees;
        this.clock = clock;
    }

    @Override
    public void closeOpenPresence(Instant lastHeartbeat) {
        List<Attendee> open = attendees.allJoined();
        if (open.isEmpty()) {
            return;
        }
        Instant now = Sql.now(clock);
        for (Attendee a : open) {
            // no heartbeat recorded: end the session where it began rather than credit the downtime
            Instant at = lastHeartbeat != null ? lastHeartbeat : a.joinedAt() != null ? a.joinedAt() : now;
            attendees.markLeft(a, RoomService.endOfSession(a, at, now));
        }
        log.warn(
                "{} attendees were still present after an unclean stop; their presence ended at {}",
                open.size(),
                lastHeartbeat != null
                        ? "the last heartbeat, " + lastHeartbeat
                        : "their last join (no heartbeat recorded)");
    }
}
