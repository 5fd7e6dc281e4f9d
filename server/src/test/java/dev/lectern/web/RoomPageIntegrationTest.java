package dev.lectern.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.support.Api.Response;
import dev.lectern.support.IntegrationTest;
import org.junit.jupiter.api.Test;

/** The page at / and its client routes, next to the API's own 404s, and the client configuration. */
class RoomPageIntegrationTest extends IntegrationTest {

    @Test
    void clientConfigTellsThePageWhereSocketIoIsAndWhetherMediaWorks() {
        Response config = api.get("/api/client-config", null);

        assertThat(config.status()).isEqualTo(200);
        assertThat(config.json().get("socketPort").asInt())
                .isEqualTo(socketServer.port())
                .isPositive();
        assertThat(config.json().get("socketUrl").isNull()).isTrue();
        assertThat(config.json().get("rtcConfigured").asBoolean()).isFalse();
    }

    @Test
    void thePageAndItsClientRoutesAreServedFromTheJar() {
        // target/classes/static is the npm build's output (skipped with -Dlectern.web.skip)
        for (String path : new String[] {"/", "/workshops/42", "/workshops/42/"}) {
            Response page = api.get(path, null);
            assertThat(page.status()).as(path).isEqualTo(200);
            assertThat(page.contentType()).as(path).startsWith("text/html");
            assertThat(page.body()).as(path).contains("<div id=\"root\"></div>");
        }
    }

    @Test
    void unknownServerPathsStayProblemJson404s() {
        for (String path : new String[] {
            "/api/nope",
            "/api/workshops/1/nope",
            "/actuator/nope",
            "/assets/missing.js",
            "/favicon.ico",
            "/nope",
            "/workshops/7/extra"
        }) {
            Response response = api.get(path, null);
            assertThat(response.status()).as(path).isEqualTo(404);
            assertThat(response.isProblem()).as(path).isTrue();
            assertThat(response.code()).as(path).isEqualTo("not_found");
        }
    }
}
