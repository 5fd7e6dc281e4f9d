package dev.lectern.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.system.LecternException;
import dev.lectern.system.LecternException.Banned;
import dev.lectern.system.LecternException.Conflict;
import dev.lectern.system.LecternException.Forbidden;
import dev.lectern.system.LecternException.Full;
import dev.lectern.system.LecternException.InvalidPayload;
import dev.lectern.system.LecternException.InvalidState;
import dev.lectern.system.LecternException.InvalidTransition;
import dev.lectern.system.LecternException.NotFound;
import dev.lectern.system.LecternException.RateLimited;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataIntegrityViolationException;

class RepliesTest {

    @Test
    void mapsEveryDomainRefusalToASocketCode() {
        assertCode(new InvalidPayload("x"), "invalid_payload");
        assertCode(new NotFound("x"), "not_found");
        assertCode(new Forbidden("x"), "forbidden");
        assertCode(new LecternException.Unauthorized("x"), "forbidden");
        assertCode(new Banned(Banned.Attempt.ACCESS), "banned");
        assertCode(new Banned(Banned.Attempt.SIGN_UP), "banned");
        assertCode(new RateLimited("x"), "rate_limited");
        assertCode(new InvalidState("x"), "invalid_state");
        assertCode(new InvalidTransition("x"), "invalid_state");
        assertCode(new Full(3), "invalid_state");
        assertCode(new Conflict("x"), "invalid_state");
    }

    @Test
    void racesAreInvalidStateAndEverythingElseIsInternalWithoutDetails() {
        assertCode(new DataIntegrityViolationException("dup"), "invalid_state");
        assertCode(new CannotAcquireLockException("lock"), "invalid_state");
        Replies.Failure failure = Replies.failure(new NullPointerException("secret detail"));
        assertThat(failure.code()).isEqualTo("internal");
        assertThat(failure.message()).doesNotContain("secret");
    }

    private static void assertCode(Exception e, String code) {
        assertThat(Replies.failure(e).code()).as(e.toString()).isEqualTo(code);
    }
}
