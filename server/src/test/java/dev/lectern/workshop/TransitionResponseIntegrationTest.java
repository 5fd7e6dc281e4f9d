package dev.lectern.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.support.Api;
import dev.lectern.support.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Start, end and cancel answer with the workshop as their own transaction left it (no second read
 * after the commit): the new status, its timestamp from the injected clock, and the head count.
 */
class TransitionResponseIntegrationTest extends IntegrationTest {

    @Test
    void startAndEndAnswerWithTheWorkshopTheyProduced() throws InterruptedException {
        User host = newUser("Host");
        long id = createWorkshop(host, false, null);
        for (int i = 0; i < 3; i++) {
            assertThat(api.post(
                                    "/api/workshops/" + id + "/rsvp",
                                    newUser("A" + i).token(),
                                    null)
                            .status())
                    .isEqualTo(200);
        }

        Instant before = clock.instant().minusSeconds(1);
        JsonNode started = ok(api.post("/api/workshops/" + id + "/start", host.token(), null));
        assertThat(started.get("id").asLong()).isEqualTo(id);
        assertThat(started.get("status").asString()).isEqualTo("live");
        assertThat(started.get("hostId").asLong()).isEqualTo(host.id());
        assertThat(started.get("attendeeCount").asInt()).isEqualTo(3);
        Instant startedAt = Instant.parse(started.get("startedAt").asString());
        assertThat(startedAt).isBetween(before, clock.instant().plusSeconds(1));
        assertThat(started.get("endedAt").isNull()).isTrue();
        assertSameAsARead(started, id, host);

        // the context's clock is shared by every test class: real time moving on is enough here
        Thread.sleep(20);
        JsonNode ended = ok(api.post("/api/workshops/" + id + "/end", host.token(), null));
        assertThat(ended.get("status").asString()).isEqualTo("ended");
        assertThat(Instant.parse(ended.get("startedAt").asString())).isEqualTo(startedAt);
        assertThat(Duration.between(
                        startedAt, Instant.parse(ended.get("endedAt").asString())))
                .isPositive()
                .isLessThan(Duration.ofMinutes(1));
        // the end marked the three who never joined no_show, in the same transaction: the answer counts that
        assertThat(ended.get("attendeeCount").asInt()).isZero();
        assertSameAsARead(ended, id, host);
    }

    @Test
    void cancelAnswersCancelledAndARefusedMoveStillAnswersTheError() {
        User host = newUser("Host");
        long id = createWorkshop(host, true, null);
        JsonNode cancelled = ok(api.post("/api/workshops/" + id + "/cancel", host.token(), null));
        assertThat(cancelled.get("status").asString()).isEqualTo("cancelled");
        assertThat(cancelled.get("isPrivate").asBoolean()).isTrue();
        assertThat(cancelled.get("attendeeCount").asInt()).isZero();
        assertThat(cancelled.get("recordingStatus").asString()).isEqualTo("none");
        assertSameAsARead(cancelled, id, host);

        assertProblem(api.post("/api/workshops/" + id + "/start", host.token(), null), 409, "invalid_transition");
        assertProblem(
                api.post("/api/workshops/" + id + "/cancel", newUser("Stranger").token(), null), 404, "not_found");
    }

    /** Every field but the recording status, which the recorder changes on its own after the commit. */
    private void assertSameAsARead(JsonNode answered, long id, User host) {
        JsonNode read = ok(api.get("/api/workshops/" + id, host.token())).deepCopy();
        JsonNode copy = answered.deepCopy();
        ((tools.jackson.databind.node.ObjectNode) read).remove("recordingStatus");
        ((tools.jackson.databind.node.ObjectNode) copy).remove("recordingStatus");
        assertThat(copy).isEqualTo(read);
    }

    private static void assertProblem(Api.Response r, int status, String code) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.isProblem()).as("problem+json: %s", r.contentType()).isTrue();
        assertThat(r.code()).as(r.toString()).isEqualTo(code);
    }

    private static JsonNode ok(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }
}
