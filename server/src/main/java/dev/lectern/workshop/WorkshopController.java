package dev.lectern.workshop;

import dev.lectern.identity.CurrentUser;
import dev.lectern.system.LecternException.InvalidPayload;
import dev.lectern.system.UserId;
import dev.lectern.workshop.WorkshopRepository.NewWorkshop;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The workshop REST API (CONTRACT §3). Validates input into records and calls one service method. */
@RestController
@RequestMapping("/api/workshops")
class WorkshopController {

    /** Invitees are people: {@link UserId#isReserved reserved} uids are Lectern's own (the recorder's among them). */
    private static final long MAX_ID = UserId.MAX;
    /** A start a little in the past is allowed ("starting now"); further back is a mistake. */
    private static final Duration PAST_TOLERANCE = Duration.ofMinutes(5);

    private static final Duration FUTURE_LIMIT = Duration.ofDays(3 * 366);
    private static final Instant CURSOR_MIN = Instant.EPOCH;
    private static final Instant CURSOR_MAX = Instant.parse("9999-12-31T23:59:59.999Z");

    private final WorkshopService workshops;
    private final Lifecycle lifecycle;
    private final AttendanceReport attendance;
    private final Clock clock;

    private final Panelists panelists;

    WorkshopController(
            WorkshopService workshops,
            Lifecycle lifecycle,
            AttendanceReport attendance,
            Clock clock,
            Panelists panelists) {
        this.panelists = panelists;
        this.workshops = workshops;
        this.lifecycle = lifecycle;
        this.attendance = attendance;
        this.clock = clock;
    }

    record CreateWorkshop(
            @NotBlank @Size(max = 200) String title,
            @Size(max = 5000) String description,
            @NotNull Instant scheduledStart,
            @NotNull @Min(1) @Max(1440) Integer durationMinutes,
            Boolean isPrivate,
            @Min(1) @Max(100_000) Integer maxAttendees,
            @Positive Long categoryId,

            @Pattern(regexp = "open|waiting_room", message = "must be open or waiting_room")
            String admission,

            @Pattern(regexp = "open|moderated|off", message = "must be open, moderated or off")
            String qaMode,

            Boolean qaAnonymous) {}

    /** {@code role} absent is {@code attendee} (CONTRACT §7.1: the listed users' role is set either way). */
    record Invites(
            @NotEmpty @Size(max = 500) List<@NotNull @Min(1) @Max(MAX_ID) Long> userIds,

            @Pattern(regexp = "attendee|panelist", message = "must be attendee or panelist")
            String role) {}

    record InviteResult(List<Long> invited) {}

    record RsvpResult(long workshopId, long userId, String status) {}

    record WorkshopList(List<WorkshopView> items, String nextCursor) {}

    record AttendanceList(List<AttendanceReport.Line> items) {}

    @PostMapping
    ResponseEntity<WorkshopView> create(CurrentUser me, @Valid @RequestBody CreateWorkshop body) {
        Instant now = clock.instant();
        if (body.scheduledStart().isBefore(now.minus(PAST_TOLERANCE))
                || body.scheduledStart().isAfter(now.plus(FUTURE_LIMIT))) {
            throw new InvalidPayload(
                    "scheduledStart must be from now to three years ahead",
                    Map.of("scheduledStart", "must be from now to three years ahead"));
        }
        var created = workshops.create(new NewWorkshop(
                me.id(),
                body.title().strip(),
                blankToNull(body.description()),
                body.scheduledStart(),
                body.durationMinutes(),
                Boolean.TRUE.equals(body.isPrivate()),
                body.maxAttendees(),
                body.categoryId(),
                body.admission() == null ? Admission.OPEN : Admission.fromWire(body.admission()),
                body.qaMode() == null ? QaMode.OPEN : QaMode.fromWire(body.qaMode()),
                Boolean.TRUE.equals(body.qaAnonymous())));
        return ResponseEntity.created(URI.create("/api/workshops/" + created.id()))
                .body(created);
    }

    @GetMapping("/{id}")
    WorkshopView get(CurrentUser me, @PathVariable @Positive long id) {
        return workshops.get(id, me.id());
    }

    @GetMapping
    WorkshopList list(
            CurrentUser me,
            @RequestParam(required = false) String status,
            @RequestParam(defaultValue = "50") @Min(1) @Max(100) int limit,
            @RequestParam(required = false) @Size(max = 200) String cursor) {
        var page = workshops.list(me.id(), statuses(status), decode(cursor), limit);
        return new WorkshopList(page.items(), page.next() == null ? null : encode(page.next()));
    }

    @PostMapping("/{id}/rsvp")
    RsvpResult rsvp(CurrentUser me, @PathVariable @Positive long id) {
        Attendee a = workshops.rsvp(id, me.id());
        return new RsvpResult(id, me.id(), a.status().wire());
    }

    @DeleteMapping("/{id}/rsvp")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void cancelRsvp(CurrentUser me, @PathVariable @Positive long id) {
        workshops.cancelRsvp(id, me.id());
    }

    @PostMapping("/{id}/invites")
    InviteResult invite(CurrentUser me, @PathVariable @Positive long id, @Valid @RequestBody Invites body) {
        return new InviteResult(panelists.invite(id, me.id(), body.userIds(), "panelist".equals(body.role())));
    }

    @PostMapping("/{id}/start")
    WorkshopView start(CurrentUser me, @PathVariable @Positive long id) {
        return lifecycle.start(id, me.id());
    }

    @PostMapping("/{id}/end")
    WorkshopView end(CurrentUser me, @PathVariable @Positive long id) {
        return lifecycle.end(id, me.id());
    }

    @PostMapping("/{id}/cancel")
    WorkshopView cancel(CurrentUser me, @PathVariable @Positive long id) {
        return lifecycle.cancel(id, me.id());
    }

    @GetMapping("/{id}/attendance")
    AttendanceList attendance(CurrentUser me, @PathVariable @Positive long id) {
        return new AttendanceList(attendance.of(id, me.id()));
    }

    private static List<WorkshopStatus> statuses(String csv) {
        if (csv == null || csv.isBlank()) {
            return List.of(WorkshopStatus.values());
        }
        try {
            List<WorkshopStatus> statuses = Arrays.stream(csv.split(","))
                    .map(String::trim)
                    .map(WorkshopStatus::fromWire)
                    .distinct()
                    .toList();
            if (statuses.isEmpty()) {
                throw new IllegalArgumentException("no status"); // "," alone
            }
            return statuses;
        } catch (IllegalArgumentException e) {
            throw new InvalidPayload(
                    "status must be a comma-separated list of scheduled, lobby, live, ended, cancelled",
                    Map.of("status", "unknown status"));
        }
    }

    private static String encode(WorkshopViews.Cursor c) {
        String raw = c.scheduledStart().toEpochMilli() + ":" + c.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static WorkshopViews.Cursor decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return WorkshopViews.Cursor.START;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":", -1);
            Instant start = Instant.ofEpochMilli(Long.parseLong(parts[0]));
            long id = Long.parseLong(parts[1]);
            // only what encode() can have made: a start the database can hold, an id
            if (parts.length != 2 || start.isBefore(CURSOR_MIN) || start.isAfter(CURSOR_MAX) || id < 0) {
                throw new IllegalArgumentException("not a cursor");
            }
            return new WorkshopViews.Cursor(start, id);
        } catch (RuntimeException e) {
            throw new InvalidPayload("cursor is not one this server issued", Map.of("cursor", "invalid"));
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
