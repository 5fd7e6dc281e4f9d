package dev.lectern.workshop;

import dev.lectern.identity.CurrentUser;
import dev.lectern.system.LecternException.InvalidPayload;
import dev.lectern.system.UserId;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Editing, un-inviting and bans (CONTRACT §7.1). The PATCH body is a JSON merge patch checked member by
 * member here (a record cannot tell an absent member from a null one), into a {@link WorkshopPatch}.
 */
@RestController
@RequestMapping("/api/workshops")
class PlatformController {

    private static final Duration PAST_TOLERANCE = Duration.ofMinutes(5);
    private static final Duration FUTURE_LIMIT = Duration.ofDays(3 * 366);

    private final WorkshopEditing editing;
    private final Clock clock;

    PlatformController(WorkshopEditing editing, Clock clock) {
        this.editing = editing;
        this.clock = clock;
    }

    record BanList(List<PlatformRepository.Ban> items) {}

    @PatchMapping(
            value = "/{id}",
            consumes = {"application/merge-patch+json", "application/json"})
    WorkshopView patch(CurrentUser me, @PathVariable @Positive long id, @RequestBody(required = false) JsonNode body) {
        return editing.patch(id, me.id(), parse(body, clock.instant()));
    }

    @DeleteMapping("/{id}/invites/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void withdrawInvite(
            CurrentUser me, @PathVariable @Positive long id, @PathVariable @Min(1) @Max(UserId.MAX) long userId) {
        editing.withdrawInvite(id, me.id(), userId);
    }

    @GetMapping("/{id}/bans")
    BanList bans(CurrentUser me, @PathVariable @Positive long id) {
        return new BanList(editing.bans(id, me.id()));
    }

    @DeleteMapping("/{id}/bans/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void unban(CurrentUser me, @PathVariable @Positive long id, @PathVariable @Min(1) @Max(UserId.MAX) long userId) {
        editing.unban(id, me.id(), userId);
    }

    static WorkshopPatch parse(JsonNode body, Instant now) {
        if (body == null || !body.isObject() || body.isEmpty()) {
            throw new InvalidPayload(
                    "the body must be a JSON merge patch object with at least one member",
                    Map.of("body", "must be a non-empty object"));
        }
        Map<String, String> errors = new LinkedHashMap<>();
        Set<String> present = new HashSet<>();
        for (String name : body.propertyNames()) {
            if (!WorkshopPatch.FIELDS.contains(name)) {
                errors.put(name, "unknown field");
            } else if (body.get(name).isNull() && !WorkshopPatch.CLEARABLE.contains(name)) {
                errors.put(name, "cannot be null");
            } else {
                present.add(name);
            }
        }
        String title = null;
        String description = null;
        Instant start = null;
        Integer duration = null;
        Boolean isPrivate = null;
        Integer max = null;
        Long category = null;
        Admission admission = null;
        QaMode qaMode = null;
        Boolean qaAnonymous = null;
        for (String name : present) {
            JsonNode v = body.get(name);
            switch (name) {
                case "title" -> {
                    if (!v.isString()
                            || v.asString().isBlank()
                            || v.asString().strip().length() > 200) {
                        errors.put(name, "must be a non-blank string of at most 200 characters");
                    } else {
                        title = v.asString().strip();
                    }
                }
                case "description" -> {
                    if (!v.isNull() && (!v.isString() || v.asString().length() > 5000)) {
                        errors.put(name, "must be a string of at most 5000 characters, or null");
                    } else if (!v.isNull() && !v.asString().isBlank()) {
                        description = v.asString().strip();
                    }
                }
                case "scheduledStart" -> {
                    try {
                        start = v.isString() ? Instant.parse(v.asString()) : null;
                    } catch (DateTimeParseException e) {
                        start = null;
                    }
                    if (start == null
                            || start.isBefore(now.minus(PAST_TOLERANCE))
                            || start.isAfter(now.plus(FUTURE_LIMIT))) {
                        errors.put(name, "must be an ISO-8601 instant from now to three years ahead");
                    }
                }
                case "durationMinutes" -> duration = intIn(v, 1, 1440, name, errors);
                case "maxAttendees" -> max = v.isNull() ? null : intIn(v, 1, 100_000, name, errors);
                case "categoryId" -> {
                    if (!v.isNull() && (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 1)) {
                        errors.put(name, "must be a positive integer, or null");
                    } else if (!v.isNull()) {
                        category = v.asLong();
                    }
                }
                case "isPrivate" -> isPrivate = bool(v, name, errors);
                case "qaAnonymous" -> qaAnonymous = bool(v, name, errors);
                case "admission" -> {
                    if (v.isString()
                            && (v.asString().equals("open") || v.asString().equals("waiting_room"))) {
                        admission = Admission.fromWire(v.asString());
                    } else {
                        errors.put(name, "must be open or waiting_room");
                    }
                }
                case "qaMode" -> {
                    if (v.isString() && List.of("open", "moderated", "off").contains(v.asString())) {
                        qaMode = QaMode.fromWire(v.asString());
                    } else {
                        errors.put(name, "must be open, moderated or off");
                    }
                }
                default -> throw new IllegalStateException(name);
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidPayload("invalid workshop patch", errors);
        }
        return new WorkshopPatch(
                present, title, description, start, duration, isPrivate, max, category, admission, qaMode, qaAnonymous);
    }

    private static Integer intIn(JsonNode v, int min, int max, String name, Map<String, String> errors) {
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < min || v.asInt() > max) {
            errors.put(name, "must be an integer from " + min + " to " + max);
            return null;
        }
        return v.asInt();
    }

    private static Boolean bool(JsonNode v, String name, Map<String, String> errors) {
        if (!v.isBoolean()) {
            errors.put(name, "must be true or false");
            return null;
        }
        return v.asBoolean();
    }
}
