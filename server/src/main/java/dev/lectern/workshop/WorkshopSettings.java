package dev.lectern.workshop;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param lobbyOpensMinutes a scheduled workshop opens its lobby this long before its start
 * @param noShowGraceMinutes a workshop not started this long after its scheduled start is cancelled
 */
@Validated
@ConfigurationProperties("lectern.workshop")
public record WorkshopSettings(
        @Min(0) @Max(1440) int lobbyOpensMinutes,
        @Min(0) @Max(1440) int noShowGraceMinutes) {

    Duration lobbyOpens() {
        return Duration.ofMinutes(lobbyOpensMinutes);
    }

    Duration noShowGrace() {
        return Duration.ofMinutes(noShowGraceMinutes);
    }
}
