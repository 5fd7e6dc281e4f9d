package dev.lectern.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.support.IntegrationTest;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * When the lobby opens or the workshop goes live, the members already in the room become
 * {@code joined} in one statement: members only, never a removed user, never a second join for
 * someone already joined, the host's row made on the way, and a room larger than one statement's
 * chunk all marked.
 */
class JoinPresentIntegrationTest extends IntegrationTest {

    @Autowired
    RoomService rooms;

    @Autowired
    JdbcClient jdbc;

    @Test
    void marksTheMembersPresentAndNobodyElse() {
        User host = newUser("Host");
        User ada = newUser("Ada");
        User bob = newUser("Bob");
        User cy = newUser("Cy");
        long id = createWorkshop(host, false, null, clock.instant().plus(Duration.ofMinutes(5)));
        for (User u : List.of(ada, bob, cy)) {
            assertThat(api.post("/api/workshops/" + id + "/rsvp", u.token(), null)
                            .status())
                    .isEqualTo(200);
        }
        assertThat(api.post("/api/workshops/" + id + "/start", host.token(), null)
                        .status())
                .isEqualTo(200);
        Instant earlier = clock.instant().minus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.MILLIS);
        jdbc.sql("UPDATE workshop_attendees SET status = 'removed' WHERE workshop_id = ? AND user_id = ?")
                .params(id, bob.id())
                .update();
        jdbc.sql(
                        "UPDATE workshop_attendees SET status = 'joined', joined_at = ?, first_joined_at = ? WHERE workshop_id = ? AND user_id = ?")
                .params(Timestamp.from(earlier), Timestamp.from(earlier), id, cy.id())
                .update();
        long stranger = newUserId();
        List<Long> present = new ArrayList<>(List.of(host.id(), ada.id(), bob.id(), cy.id(), stranger));
        for (int i = 0; i < 1500; i++) {
            present.add(newUserId()); // more than one statement's worth, none of them members
        }

        rooms.joinPresent(id, present);

        assertThat(status(id, host.id())).contains("joined");
        assertThat(status(id, ada.id())).contains("joined");
        assertThat(status(id, bob.id())).as("a removed user stays removed").contains("removed");
        assertThat(status(id, cy.id())).contains("joined");
        assertThat(jdbc.sql("SELECT joined_at FROM workshop_attendees WHERE workshop_id = ? AND user_id = ?")
                        .params(id, cy.id())
                        .query(Timestamp.class)
                        .single()
                        .toInstant())
                .as("already joined: the session keeps its start")
                .isEqualTo(earlier);
        assertThat(status(id, stranger)).as("no row is made for a non-member").isEmpty();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM workshop_attendees WHERE workshop_id = ?")
                        .param(id)
                        .query(Long.class)
                        .single())
                .isEqualTo(4);
    }

    @Test
    void aScheduledWorkshopMarksNobody() {
        User host = newUser("Host");
        User ada = newUser("Ada");
        long id = createWorkshop(host, false, null, clock.instant().plus(Duration.ofMinutes(5)));
        assertThat(api.post("/api/workshops/" + id + "/rsvp", ada.token(), null).status())
                .isEqualTo(200);

        rooms.joinPresent(id, List.of(host.id(), ada.id()));

        assertThat(status(id, ada.id())).contains("rsvp");
        assertThat(status(id, host.id())).isEmpty();
    }

    private Optional<String> status(long workshopId, long userId) {
        return jdbc.sql("SELECT status FROM workshop_attendees WHERE workshop_id = ? AND user_id = ?")
                .params(workshopId, userId)
                .query(String.class)
                .optional();
    }
}
