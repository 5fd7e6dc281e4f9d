package dev.lectern.workshop;

import java.time.Instant;
import java.util.Set;

/**
 * A checked JSON merge patch of a workshop (CONTRACT §7.1). {@code present} holds the contract names of
 * the members the patch carried; a present clearable member with a null value clears it. The REST edge
 * builds it and has already refused unknown members, refused nulls and values out of range.
 */
public record WorkshopPatch(
        Set<String> present,
        String title,
        String description,
        Instant scheduledStart,
        Integer durationMinutes,
        Boolean isPrivate,
        Integer maxAttendees,
        Long categoryId,
        Admission admission,
        QaMode qaMode,
        Boolean qaAnonymous) {

    public static final Set<String> FIELDS = Set.of(
            "title",
            "description",
            "scheduledStart",
            "durationMinutes",
            "isPrivate",
            "maxAttendees",
            "categoryId",
            "admission",
            "qaMode",
            "qaAnonymous");
    /** The members {@code null} clears; a null for any other is refused. */
    public static final Set<String> CLEARABLE = Set.of("description", "maxAttendees", "categoryId");

    public WorkshopPatch {
        present = Set.copyOf(present);
    }

    boolean has(String field) {
        return present.contains(field);
    }

    /** The row with this patch applied. */
    Workshop applyTo(Workshop w) {
        return new Workshop(
                w.id(),
                has("title") ? title : w.title(),
                has("description") ? description : w.description(),
                w.hostId(),
                w.status(),
                has("isPrivate") ? isPrivate : w.isPrivate(),
                has("scheduledStart") ? scheduledStart : w.scheduledStart(),
                has("durationMinutes") ? durationMinutes : w.durationMinutes(),
                has("maxAttendees") ? maxAttendees : w.maxAttendees(),
                has("categoryId") ? categoryId : w.categoryId(),
                w.agoraChannel(),
                w.startedAt(),
                w.endedAt(),
                has("admission") ? admission : w.admission(),
                has("qaMode") ? qaMode : w.qaMode(),
                has("qaAnonymous") ? qaAnonymous : w.qaAnonymous());
    }
}
