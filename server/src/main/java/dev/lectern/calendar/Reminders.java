package dev.lectern.calendar;

import static dev.lectern.system.Sql.instant;
import static dev.lectern.system.Sql.ts;

import dev.lectern.notification.NotificationService;
import dev.lectern.system.Sql;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reminders before a workshop's start (CONTRACT §7.6), as rows in {@code workshop_reminders}.
 *
 * <p>A round has two steps. <b>Plan</b>: for every RSVP'd or invited user (not the host) of a scheduled
 * or lobby workshop, the latest offset that is due now gets a row, unless it was already past when the
 * user signed up or the start last moved; earlier offsets that were never planned are left out, which
 * is how a node that was down sends only the latest missed one. The key (workshop, user, offset,
 * start) makes a second planner's insert a no-op. <b>Send</b>: pending due rows are claimed with
 * {@code FOR UPDATE SKIP LOCKED}, checked again (still scheduled/lobby, same start, still signed up,
 * no later offset due) and sent or skipped in the same transaction as the notification — so a reminder
 * goes out once whichever nodes run rounds at once, and a crash before the commit sends it next round.
 */
@Service
public class Reminders {

    private static final int BATCH = 500;
    /** A lobby may still be waiting for its host a while after the start; reminders stop being planned then. */
    private static final Duration LATE = Duration.ofHours(2);

    private final JdbcClient jdbc;
    private final NotificationService notifications;
    private final PlatformSettings settings;
    private final Clock clock;
    private final TransactionTemplate tx;

    Reminders(
            JdbcClient jdbc,
            NotificationService notifications,
            PlatformSettings settings,
            Clock clock,
            TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.notifications = notifications;
        this.settings = settings;
        this.clock = clock;
    }

    /** One round: plans what came due and sends what is pending; returns how many reminders this call sent. */
    public int runOnce() {
        if (settings.offsets().isEmpty()) {
            return 0;
        }
        tx.executeWithoutResult(s -> plan());
        int sent = 0;
        int claimed;
        do {
            Round round = tx.execute(s -> sendBatch());
            sent += round.sent;
            claimed = round.claimed;
        } while (claimed == BATCH);
        return sent;
    }

    private record Candidate(long workshopId, long userId, Instant start, Instant eligibleFrom) {}

    private record Round(int claimed, int sent) {}

    private void plan() {
        Instant now = Sql.now(clock);
        List<Integer> offsets = settings.offsets();
        int largest = offsets.get(0);
        List<Candidate> candidates = jdbc.sql("""
                SELECT w.id, w.scheduled_start, w.start_changed_at, a.user_id, a.invited_at, a.rsvp_at
                FROM workshops w JOIN workshop_attendees a ON a.workshop_id = w.id
                WHERE w.status IN ('scheduled', 'lobby') AND a.status IN ('rsvp', 'invited') AND a.user_id <> w.host_id
                  AND w.scheduled_start <= ? AND w.scheduled_start > ?""")
                .params(ts(now.plus(Duration.ofMinutes(largest))), ts(now.minus(LATE)))
                .query((rs, row) -> {
                    Instant invited = instant(rs, "invited_at");
                    Instant rsvp = instant(rs, "rsvp_at");
                    Instant signedUp =
                            invited == null ? rsvp : rsvp == null ? invited : (invited.isBefore(rsvp) ? invited : rsvp);
                    Instant moved = instant(rs, "start_changed_at");
                    Instant from = signedUp == null ? Instant.EPOCH : signedUp;
                    if (moved != null && moved.isAfter(from)) {
                        from = moved;
                    }
                    return new Candidate(rs.getLong("id"), rs.getLong("user_id"), instant(rs, "scheduled_start"), from);
                })
                .list();
        Map<Long, List<Candidate>> byWorkshop =
                candidates.stream().collect(Collectors.groupingBy(Candidate::workshopId));
        for (List<Candidate> workshop : byWorkshop.values()) {
            Instant start = workshop.get(0).start();
            Set<String> planned = jdbc.sql("""
                    SELECT user_id, minutes_before FROM workshop_reminders
                    WHERE workshop_id = ? AND scheduled_start = ?""")
                    .params(workshop.get(0).workshopId(), ts(start))
                    .query((rs, row) -> rs.getLong(1) + ":" + rs.getInt(2))
                    .set();
            for (Candidate c : workshop) {
                // offsets are largest first: the last due one is the latest
                Integer latest = null;
                for (int o : offsets) {
                    Instant due = start.minus(Duration.ofMinutes(o));
                    if (!due.isAfter(now) && due.isAfter(c.eligibleFrom())) {
                        latest = o;
                    }
                }
                if (latest == null || hasSameOrLater(planned, c.userId(), latest)) {
                    continue;
                }
                jdbc.sql("""
                        INSERT INTO workshop_reminders (workshop_id, user_id, minutes_before, scheduled_start, due_at)
                        VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                        .params(
                                c.workshopId(),
                                c.userId(),
                                latest,
                                ts(start),
                                ts(start.minus(Duration.ofMinutes(latest))))
                        .update();
            }
        }
    }

    /** A row for this offset, or a smaller one (due later), means this offset is handled or superseded. */
    private static boolean hasSameOrLater(Set<String> planned, long userId, int offset) {
        return planned.stream().anyMatch(k -> {
            int colon = k.indexOf(':');
            return Long.parseLong(k.substring(0, colon)) == userId
                    && Integer.parseInt(k.substring(colon + 1)) <= offset;
        });
    }

    private Round sendBatch() {
        Instant now = Sql.now(clock);
        record Due(long workshopId, long userId, int minutesBefore, Instant start) {}
        List<Due> due = jdbc.sql("""
                SELECT workshop_id, user_id, minutes_before, scheduled_start FROM workshop_reminders
                WHERE sent_at IS NULL AND skipped = FALSE AND due_at <= ?
                ORDER BY due_at LIMIT ? FOR UPDATE SKIP LOCKED""")
                .params(ts(now), BATCH)
                .query((rs, row) -> new Due(rs.getLong(1), rs.getLong(2), rs.getInt(3), instant(rs, "scheduled_start")))
                .list();
        int sent = 0;
        for (Due d : due) {
            Map<String, Object> w = jdbc.sql("""
                    SELECT w.title, w.status, w.scheduled_start, a.status AS attendee_status
                    FROM workshops w LEFT JOIN workshop_attendees a ON a.workshop_id = w.id AND a.user_id = ?
                    WHERE w.id = ?""")
                    .params(d.userId(), d.workshopId())
                    .query((rs, row) -> {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("title", rs.getString("title"));
                        m.put("status", rs.getString("status"));
                        m.put("start", instant(rs, "scheduled_start"));
                        m.put("attendee", rs.getString("attendee_status"));
                        return m;
                    })
                    .optional()
                    .orElse(null);
            boolean later = jdbc.sql("""
                    SELECT COUNT(*) FROM workshop_reminders WHERE workshop_id = ? AND user_id = ? AND scheduled_start = ?
                      AND minutes_before < ? AND due_at <= ?""")
                            .params(d.workshopId(), d.userId(), ts(d.start()), d.minutesBefore(), ts(now))
                            .query(Integer.class)
                            .single()
                    > 0;
            boolean valid = w != null
                    && !later
                    && ("scheduled".equals(w.get("status")) || "lobby".equals(w.get("status")))
                    && d.start().equals(w.get("start"))
                    && ("rsvp".equals(w.get("attendee")) || "invited".equals(w.get("attendee")));
            if (valid) {
                Map<String, Object> payload = new LinkedHashMap<>();
                payload.put("workshopId", d.workshopId());
                payload.put("title", w.get("title"));
                payload.put("scheduledStart", d.start().toString());
                payload.put("minutesBefore", d.minutesBefore());
                notifications.notify(
                        List.of(d.userId()),
                        "workshop_reminder",
                        payload,
                        "workshop_reminder:" + d.workshopId() + ":" + d.minutesBefore() + ":"
                                + d.start().toEpochMilli());
                sent++;
            }
            jdbc.sql("""
                    UPDATE workshop_reminders SET sent_at = ?, skipped = ?
                    WHERE workshop_id = ? AND user_id = ? AND minutes_before = ? AND scheduled_start = ?""")
                    .params(ts(now), !valid, d.workshopId(), d.userId(), d.minutesBefore(), ts(d.start()))
                    .update();
        }
        return new Round(due.size(), sent);
    }
}
