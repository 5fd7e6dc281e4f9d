package dev.lectern.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.system.LecternException.Banned;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/** The REST edge owns the HTTP statuses: every code has one, and they are the statuses the contract names. */
class ErrorMappingTest {

    @Test
    void everyCodeMapsToTheContractsStatus() {
        Map<ErrorCode, HttpStatus> expected = new EnumMap<>(ErrorCode.class);
        expected.put(ErrorCode.INVALID_PAYLOAD, HttpStatus.BAD_REQUEST);
        expected.put(ErrorCode.UNAUTHORIZED, HttpStatus.UNAUTHORIZED);
        expected.put(ErrorCode.FORBIDDEN, HttpStatus.FORBIDDEN);
        expected.put(ErrorCode.NOT_FOUND, HttpStatus.NOT_FOUND);
        expected.put(ErrorCode.INVALID_TRANSITION, HttpStatus.CONFLICT);
        expected.put(ErrorCode.INVALID_STATE, HttpStatus.CONFLICT);
        expected.put(ErrorCode.FULL, HttpStatus.CONFLICT);
        expected.put(ErrorCode.BANNED, HttpStatus.CONFLICT);
        expected.put(ErrorCode.CONFLICT, HttpStatus.CONFLICT);
        expected.put(ErrorCode.PAYLOAD_TOO_LARGE, HttpStatus.CONTENT_TOO_LARGE);
        expected.put(ErrorCode.RATE_LIMITED, HttpStatus.TOO_MANY_REQUESTS);
        expected.put(ErrorCode.RTC_NOT_CONFIGURED, HttpStatus.SERVICE_UNAVAILABLE);
        expected.put(ErrorCode.UNAVAILABLE, HttpStatus.SERVICE_UNAVAILABLE);
        expected.put(ErrorCode.WAITING, HttpStatus.FORBIDDEN);
        expected.put(ErrorCode.INTERNAL, HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(expected.keySet()).containsExactlyInAnyOrder(ErrorCode.values());
        expected.forEach((code, status) -> assertThat(ApiExceptionHandler.status(new LecternException(code, "x")))
                .as("%s", code)
                .isEqualTo(status));
    }

    @Test
    void aRemovedUserIsForbiddenAccessButConflictsWhenSigningUpAgain() {
        assertThat(ApiExceptionHandler.status(new Banned(Banned.Attempt.ACCESS)))
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(ApiExceptionHandler.status(new Banned(Banned.Attempt.SIGN_UP)))
                .isEqualTo(HttpStatus.CONFLICT);
        // the socket edge reads the code alone: banned either way
        assertThat(new Banned(Banned.Attempt.ACCESS).code()).isEqualTo(ErrorCode.BANNED);
        assertThat(new Banned(Banned.Attempt.SIGN_UP).code()).isEqualTo(ErrorCode.BANNED);
    }
}
