package dev.lectern.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import biweekly.Biweekly;
import biweekly.ICalendar;
import biweekly.component.VEvent;
import dev.lectern.support.Api;
import dev.lectern.support.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Calendar files and feeds (CONTRACT §7.6). What ical4j wrote is read back with biweekly, an independent
 * parser, and the raw text is checked for RFC 5545's CRLF line ends and 75-octet folding.
 */
class CalendarIntegrationTest extends IntegrationTest {

    private static final Pattern UTC_DATE_TIME = Pattern.compile("^DT(START|END):\\d{8}T\\d{6}Z$", Pattern.MULTILINE);

    private static ICalendar parse(String body) {
        ICalendar cal = Biweekly.parse(body).first();
        assertThat(cal).as("biweekly reads it").isNotNull();
        return cal;
    }

    private static void assertRfc5545Lines(String body) {
        assertThat(body).startsWith("BEGIN:VCALENDAR\r\n").endsWith("END:VCALENDAR\r\n");
        assertThat(body.replace("\r\n", "")).doesNotContain("\n").doesNotContain("\r");
        for (String line : body.split("\r\n")) {
            assertThat(line.getBytes(StandardCharsets.UTF_8).length).as(line).isLessThanOrEqualTo(75);
        }
        assertThat(UTC_DATE_TIME.matcher(body.replace("\r\n ", "")).results().count())
                .isGreaterThanOrEqualTo(2);
    }

    private VEvent only(String body) {
        List<VEvent> events = parse(body).getEvents();
        assertThat(events).hasSize(1);
        return events.get(0);
    }

    @Test
    void aWorkshopsCalendarHasAStableUidUtcTimesAndASequenceThatRisesWithEveryVisibleChange() {
        User host = newUser("Host");
        User stranger = newUser("Stranger");
        Instant start = clock.instant().plus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);
        String longTitle =
                "A workshop whose title is long enough that its SUMMARY line must be folded by the writer ünïcödé";
        var body = new java.util.LinkedHashMap<String, Object>();
        body.put("title", longTitle);
        body.put("scheduledStart", start.toString());
        body.put("durationMinutes", 90);
        body.put("isPrivate", true);
        long id = api.post("/api/workshops", host.token(), Api.json(body))
                .json()
                .get("id")
                .asLong();
        String path = "/api/workshops/" + id + "/calendar.ics";

        assertThat(api.get(path, null).status()).isEqualTo(401);
        assertThat(api.get(path, stranger.token()).status()).isEqualTo(404); // private: hidden as GET hides it

        Api.Response first = api.get(path, host.token());
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.contentType()).startsWith("text/calendar");
        assertRfc5545Lines(first.body());
        VEvent e = only(first.body());
        String uid = e.getUid().getValue();
        assertThat(e.getSummary().getValue()).isEqualTo(longTitle);
        assertThat(e.getDateStart().getValue().toInstant()).isEqualTo(start);
        assertThat(e.getDateEnd().getValue().toInstant()).isEqualTo(start.plus(Duration.ofMinutes(90)));
        assertThat(e.getUrl().getValue()).isEqualTo("http://localhost:8080/workshops/" + id);
        assertThat(e.getStatus().getValue()).isEqualTo("CONFIRMED");
        int seq0 = e.getSequence().getValue();

        // a description change is not a calendar change; a title, start or duration change is
        api.send("PATCH", "/api/workshops/" + id, host.token(), "{\"description\":\"more\"}");
        assertThat(only(api.get(path, host.token()).body()).getSequence().getValue())
                .isEqualTo(seq0);
        Instant later = start.plus(Duration.ofHours(1));
        api.send("PATCH", "/api/workshops/" + id, host.token(), "{\"scheduledStart\":\"" + later + "\"}");
        VEvent moved = only(api.get(path, host.token()).body());
        assertThat(moved.getUid().getValue()).isEqualTo(uid);
        assertThat(moved.getSequence().getValue()).isEqualTo(seq0 + 1);
        assertThat(moved.getDateStart().getValue().toInstant()).isEqualTo(later);
        api.send("PATCH", "/api/workshops/" + id, host.token(), "{\"durationMinutes\":30,\"title\":\"Short\"}");
        assertThat(only(api.get(path, host.token()).body()).getSequence().getValue())
                .isEqualTo(seq0 + 2);

        api.post("/api/workshops/" + id + "/cancel", host.token(), null);
        VEvent cancelled = only(api.get(path, host.token()).body());
        assertThat(cancelled.getStatus().getValue()).isEqualTo("CANCELLED");
        assertThat(cancelled.getSequence().getValue()).isEqualTo(seq0 + 3);
        assertThat(cancelled.getUid().getValue()).isEqualTo(uid);
    }

    @Test
    void theSecretFeedListsTheUsersComingWorkshopsWithoutLoginAndRotatingKillsTheOldUrl() {
        User host = newUser("Host");
        User u = newUser("U");
        Instant start = clock.instant().plus(Duration.ofHours(4)).truncatedTo(ChronoUnit.SECONDS);
        long rsvpd = createWorkshop(host, false, null, start);
        long invited = createWorkshop(host, true, null, start);
        long cancelled = createWorkshop(host, false, null, start);
        long ended = createWorkshop(host, false, null, start);
        long unrelated = createWorkshop(host, false, null, start);
        api.post("/api/workshops/" + rsvpd + "/rsvp", u.token(), null);
        api.post("/api/workshops/" + invited + "/invites", host.token(), Api.json(Map.of("userIds", List.of(u.id()))));
        api.post("/api/workshops/" + cancelled + "/rsvp", u.token(), null);
        api.post("/api/workshops/" + cancelled + "/cancel", host.token(), null);
        api.post("/api/workshops/" + ended + "/rsvp", u.token(), null);
        api.post("/api/workshops/" + ended + "/start", host.token(), null);
        api.post("/api/workshops/" + ended + "/end", host.token(), null);

        assertThat(api.get("/api/me/calendar", null).status()).isEqualTo(401);
        String url = api.get("/api/me/calendar", u.token()).json().get("url").asString();
        assertThat(api.get("/api/me/calendar", u.token()).json().get("url").asString())
                .isEqualTo(url);
        assertThat(url).startsWith("http://localhost:8080/api/calendar/").endsWith(".ics");
        String feedPath = url.substring("http://localhost:8080".length());

        Api.Response feed = api.get(feedPath, null);
        assertThat(feed.status()).as(feed.body()).isEqualTo(200);
        assertRfc5545Lines(feed.body());
        Map<String, String> statusByUrl = new java.util.HashMap<>();
        parse(feed.body())
                .getEvents()
                .forEach(e ->
                        statusByUrl.put(e.getUrl().getValue(), e.getStatus().getValue()));
        String base = "http://localhost:8080/workshops/";
        assertThat(statusByUrl).containsOnlyKeys(base + rsvpd, base + invited, base + cancelled);
        assertThat(statusByUrl.get(base + cancelled)).isEqualTo("CANCELLED");
        assertThat(statusByUrl.get(base + rsvpd)).isEqualTo("CONFIRMED");
        assertThat(statusByUrl).doesNotContainKey(base + unrelated).doesNotContainKey(base + ended);

        // the host's own feed has all five but the ended one
        String hostFeed =
                api.get("/api/me/calendar", host.token()).json().get("url").asString();
        assertThat(parse(api.get(hostFeed.substring("http://localhost:8080".length()), null)
                                .body())
                        .getEvents())
                .hasSize(4);

        String rotated = api.post("/api/me/calendar/rotate", u.token(), null)
                .json()
                .get("url")
                .asString();
        assertThat(rotated).isNotEqualTo(url);
        assertThat(api.get(feedPath, null).status()).isEqualTo(404);
        assertThat(api.get(rotated.substring("http://localhost:8080".length()), null)
                        .status())
                .isEqualTo(200);
        for (String wrong : List.of(
                "/api/calendar/nope.ics",
                "/api/calendar/" + "A".repeat(32) + ".ics",
                "/api/calendar/%27%20OR%201=1.ics")) {
            Api.Response r = api.get(wrong, null);
            assertThat(r.status()).as(wrong).isEqualTo(404);
        }
    }
}
