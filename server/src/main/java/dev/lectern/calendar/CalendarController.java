package dev.lectern.calendar;

import dev.lectern.identity.CurrentUser;
import dev.lectern.system.LecternException.NotFound;
import jakarta.validation.constraints.Positive;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Calendar files and feeds (CONTRACT §7.6). The feed needs no login: its token is the secret. */
@RestController
class CalendarController {

    private static final MediaType CALENDAR = MediaType.parseMediaType("text/calendar;charset=UTF-8");

    private final CalendarService calendars;

    CalendarController(CalendarService calendars) {
        this.calendars = calendars;
    }

    record FeedUrl(String url) {}

    @GetMapping("/api/workshops/{id}/calendar.ics")
    ResponseEntity<String> workshop(CurrentUser me, @PathVariable @Positive long id) {
        return ResponseEntity.ok()
                .contentType(CALENDAR)
                .header("Content-Disposition", "attachment; filename=\"workshop-" + id + ".ics\"")
                .body(calendars.workshopCalendar(id, me.id()));
    }

    @GetMapping("/api/me/calendar")
    FeedUrl mine(CurrentUser me) {
        return new FeedUrl(calendars.feedUrl(me.id()));
    }

    @PostMapping("/api/me/calendar/rotate")
    FeedUrl rotate(CurrentUser me) {
        return new FeedUrl(calendars.rotate(me.id()));
    }

    @GetMapping("/api/calendar/{token}.ics")
    ResponseEntity<String> feed(@PathVariable String token) {
        // anything but a token this server could have issued is simply unknown
        if (token.length() != 32 || !token.matches("[A-Za-z0-9_-]+")) {
            throw new NotFound("calendar feed");
        }
        return ResponseEntity.ok().contentType(CALENDAR).body(calendars.feed(token));
    }
}
