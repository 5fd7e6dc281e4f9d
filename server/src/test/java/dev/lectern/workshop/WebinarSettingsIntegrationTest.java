package dev.lectern.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.support.Api;
import dev.lectern.support.IntegrationTest;
import java.util.LinkedHashMap;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The workshop object carries the webinar settings of CONTRACT §7: defaults, and what creation chose. */
class WebinarSettingsIntegrationTest extends IntegrationTest {

    @Test
    void aWorkshopCreatedWithoutSettingsIsOpenWithOpenNamedQuestions() {
        User host = newUser("Host");
        long id = createWorkshop(host, false, null);
        JsonNode read = api.get("/api/workshops/" + id, host.token()).json();
        assertThat(read.get("admission").asString()).isEqualTo("open");
        assertThat(read.get("qaMode").asString()).isEqualTo("open");
        assertThat(read.get("qaAnonymous").asBoolean()).isFalse();
    }

    @Test
    void creationKeepsTheChosenSettingsAndEveryReadShowsThem() {
        User host = newUser("Host");
        var body = new LinkedHashMap<String, Object>();
        body.put("title", "Settings");
        body.put("scheduledStart", clock.instant().plusSeconds(3600).toString());
        body.put("durationMinutes", 30);
        body.put("admission", "waiting_room");
        body.put("qaMode", "moderated");
        body.put("qaAnonymous", true);
        Api.Response created = api.post("/api/workshops", host.token(), Api.json(body));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        for (JsonNode w : new JsonNode[] {
            created.json(),
            api.get("/api/workshops/" + id, host.token()).json(),
            api.post("/api/workshops/" + id + "/cancel", host.token(), null).json()
        }) {
            assertThat(w.get("admission").asString()).isEqualTo("waiting_room");
            assertThat(w.get("qaMode").asString()).isEqualTo("moderated");
            assertThat(w.get("qaAnonymous").asBoolean()).isTrue();
        }
    }
}
