package dev.lectern.calendar;

import java.util.Arrays;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param reminderMinutes {@code LECTERN_REMINDER_MINUTES}: comma-separated minutes before the start (empty = no reminders)
 * @param publicBaseUrl {@code LECTERN_PUBLIC_BASE_URL}: the site's address, for calendar links
 */
@Validated
@ConfigurationProperties("lectern.platform")
public record PlatformSettings(String reminderMinutes, String publicBaseUrl) {

    public PlatformSettings {
        offsets(reminderMinutes); // refuse a bad setting at start-up, not at the first reminder
    }

    /** The offsets, largest first, each 1..40320 (four weeks). */
    List<Integer> offsets() {
        return offsets(reminderMinutes);
    }

    String baseUrl() {
        String base =
                publicBaseUrl == null || publicBaseUrl.isBlank() ? "http://localhost:8080" : publicBaseUrl.strip();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    private static List<Integer> offsets(String csv) {
        if (csv == null || csv.isBlank()) {
            return List.of();
        }
        List<Integer> offsets = Arrays.stream(csv.split(","))
                .map(String::strip)
                .map(Integer::parseInt)
                .distinct()
                .sorted((a, b) -> b - a)
                .toList();
        if (offsets.stream().anyMatch(o -> o < 1 || o > 40_320)) {
            throw new IllegalArgumentException(
                    "LECTERN_REMINDER_MINUTES: each offset must be 1..40320 minutes, got " + csv);
        }
        return offsets;
    }
}
