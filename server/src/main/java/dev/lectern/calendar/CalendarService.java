package dev.lectern.calendar;

import static dev.lectern.system.Sql.ts;

import dev.lectern.system.LecternException.NotFound;
import dev.lectern.system.Sql;
import dev.lectern.workshop.WorkshopService;
import dev.lectern.workshop.WorkshopTransitioned;
import dev.lectern.workshop.WorkshopView;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import net.fortuna.ical4j.data.CalendarOutputter;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.DtStamp;
import net.fortuna.ical4j.model.property.Sequence;
import net.fortuna.ical4j.model.property.Status;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.Url;
import net.fortuna.ical4j.model.property.immutable.ImmutableMethod;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A workshop's {@code .ics} and each user's secret feed (CONTRACT §7.6), written with ical4j. The UID
 * is fixed per workshop and server address; SEQUENCE is the workshop's {@code calendar_sequence},
 * raised by a PATCH of start, duration or title and here, in the transaction of every status change.
 */
@Service
public class CalendarService {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** A feed lists what is coming; a cap keeps one response bounded whatever a user signed up to. */
    private static final int FEED_LIMIT = 500;

    private final JdbcClient jdbc;
    private final WorkshopService workshops;
    private final PlatformSettings settings;
    private final Clock clock;

    CalendarService(JdbcClient jdbc, WorkshopService workshops, PlatformSettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.workshops = workshops;
        this.settings = settings;
        this.clock = clock;
    }

    /** In the transition's transaction: a status change is a calendar change. */
    @EventListener
    void on(WorkshopTransitioned t) {
        jdbc.sql("UPDATE workshops SET calendar_sequence = calendar_sequence + 1 WHERE id = ?")
                .param(t.workshopId())
                .update();
    }

    /** The one-event calendar of a workshop the caller may see (404 otherwise, as GET does). */
    @Transactional(readOnly = true)
    public String workshopCalendar(long workshopId, long userId) {
        WorkshopView w = workshops.get(workshopId, userId);
        return write(List.of(new Event(w, sequence(workshopId))));
    }

    /** The absolute feed URL of the user, made on first use. */
    @Transactional
    public String feedUrl(long userId) {
        String token = jdbc.sql("SELECT token FROM calendar_feeds WHERE user_id = ?")
                .param(userId)
                .query(String.class)
                .optional()
                .orElse(null);
        if (token == null) {
            token = newToken();
            jdbc.sql("INSERT INTO calendar_feeds (user_id, token, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
                    .params(userId, token, ts(Sql.now(clock)))
                    .update();
            token = jdbc.sql("SELECT token FROM calendar_feeds WHERE user_id = ?")
                    .param(userId)
                    .query(String.class)
                    .single();
        }
        return url(token);
    }

    /** A new token; the old one stops working with this commit. */
    @Transactional
    public String rotate(long userId) {
        String token = newToken();
        int updated = jdbc.sql("UPDATE calendar_feeds SET token = ?, created_at = ? WHERE user_id = ?")
                .params(token, ts(Sql.now(clock)), userId)
                .update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO calendar_feeds (user_id, token, created_at) VALUES (?, ?, ?)")
                    .params(userId, token, ts(Sql.now(clock)))
                    .update();
        }
        return url(token);
    }

    /** The feed behind a token: the user's workshops that have not ended (cancelled ones marked so). */
    @Transactional(readOnly = true)
    public String feed(String token) {
        Long userId = jdbc.sql("SELECT user_id FROM calendar_feeds WHERE token = ?")
                .param(token)
                .query(Long.class)
                .optional()
                .orElseThrow(() -> new NotFound("calendar feed"));
        List<Long> ids = jdbc.sql("""
                SELECT w.id FROM workshops w
                WHERE w.status <> 'ended' AND (w.host_id = :me OR EXISTS (SELECT 1 FROM workshop_attendees a
                    WHERE a.workshop_id = w.id AND a.user_id = :me
                      AND (a.is_co_host OR a.status IN ('rsvp', 'invited', 'joined', 'left'))))
                ORDER BY w.scheduled_start, w.id LIMIT :limit""")
                .param("me", userId)
                .param("limit", FEED_LIMIT)
                .query(Long.class)
                .list();
        List<Event> events = ids.stream()
                .map(id -> new Event(workshops.get(id, userId), sequence(id)))
                .toList();
        return write(events);
    }

    private int sequence(long workshopId) {
        return jdbc.sql("SELECT calendar_sequence FROM workshops WHERE id = ?")
                .param(workshopId)
                .query(Integer.class)
                .optional()
                .orElse(0);
    }

    private record Event(WorkshopView w, int sequence) {}

    private String write(List<Event> events) {
        Calendar calendar = new Calendar()
                .withProdId("-//Lectern//Lectern workshops//EN")
                .withDefaults()
                .getFluentTarget();
        calendar.add(ImmutableMethod.PUBLISH);
        Instant stamp = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        for (Event e : events) {
            WorkshopView w = e.w();
            Instant start = w.scheduledStart().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            VEvent event = new VEvent(start, start.plus(Duration.ofMinutes(w.durationMinutes())), w.title());
            event.add(new Uid(uid(w.id())));
            event.add(new DtStamp(stamp));
            event.add(new Sequence(e.sequence()));
            event.add(new Url(URI.create(settings.baseUrl() + "/workshops/" + w.id())));
            event.add(new Status("cancelled".equals(w.status()) ? Status.VALUE_CANCELLED : Status.VALUE_CONFIRMED));
            if (w.description() != null) {
                event.add(new Description(w.description()));
            }
            calendar.add(event);
        }
        StringWriter out = new StringWriter();
        try {
            new CalendarOutputter(false).output(calendar, out);
        } catch (IOException e) {
            throw new IllegalStateException("writing to a string failed", e);
        }
        return out.toString();
    }

    /** Stable for the workshop on this site: calendar apps match updates by it. */
    private String uid(long workshopId) {
        String host = URI.create(settings.baseUrl()).getHost();
        return "workshop-" + workshopId + "@" + (host == null ? "lectern" : host);
    }

    private String url(String token) {
        return settings.baseUrl() + "/api/calendar/" + token + ".ics";
    }

    private static String newToken() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
