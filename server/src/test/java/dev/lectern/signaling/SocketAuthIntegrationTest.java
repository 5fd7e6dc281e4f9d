package dev.lectern.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.support.IntegrationTest;
import dev.lectern.support.SocketClient;
import dev.lectern.support.Tokens;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class SocketAuthIntegrationTest extends IntegrationTest {

    @Test
    void connectsWithTheHandshakeAuthToken() {
        User ada = newUser("Ada");
        try (SocketClient client = SocketClient.connect(socketUrl(), ada.token())) {
            assertThat(client.connected()).isTrue();
        }
    }

    @Test
    void connectsWithTheTokenCookie() {
        User ada = newUser("Ada");
        try (SocketClient client = SocketClient.builder(socketUrl())
                .header("Cookie", "a=b; lectern_token=" + ada.token())
                .connect()) {
            assertThat(client.connected()).isTrue();
        }
    }

    @Test
    void connectsWithTheAuthorizationHeader() {
        User ada = newUser("Ada");
        try (SocketClient client = SocketClient.builder(socketUrl())
                .header("Authorization", "Bearer " + ada.token())
                .connect()) {
            assertThat(client.connected()).isTrue();
        }
    }

    @Test
    void refusesAConnectionWithoutAnyTokenAsUnauthorized() {
        assertUnauthorized(SocketClient.builder(socketUrl()).refused());
    }

    @Test
    void refusesExpiredForgedAndMalformedTokensAsUnauthorized() {
        long id = newUserId();
        assertUnauthorized(
                SocketClient.builder(socketUrl()).token(Tokens.expired(id)).refused());
        assertUnauthorized(SocketClient.builder(socketUrl())
                .token(Tokens.wronglySigned(id))
                .refused());
        assertUnauthorized(SocketClient.builder(socketUrl()).token("not-a-jwt").refused());
        assertUnauthorized(SocketClient.builder(socketUrl())
                .header("Cookie", "lectern_token=garbage")
                .refused());
    }

    @Test
    void aBadAuthTokenIsNotRescuedByAGoodCookie() {
        User ada = newUser("Ada");
        assertUnauthorized(SocketClient.builder(socketUrl())
                .token("garbage")
                .header("Cookie", "lectern_token=" + ada.token())
                .refused());
    }

    @Test
    void refusesTheNotificationsNamespaceWithoutAToken() {
        assertUnauthorized(
                SocketClient.builder(socketUrl()).namespace("/notifications").refused());
    }

    @Test
    void acceptsAnAllowedOrigin() {
        User ada = newUser("Ada");
        try (SocketClient client = SocketClient.builder(socketUrl())
                .token(ada.token())
                .header("Origin", "http://localhost:8080")
                .connect()) {
            assertThat(client.connected()).isTrue();
        }
    }

    @Test
    void rejectsAForeignOriginAtTheHandshake() {
        User ada = newUser("Ada");
        Object error = SocketClient.builder(socketUrl())
                .token(ada.token())
                .header("Origin", "https://evil.example")
                .refused();
        // refused before any namespace: the client sees a transport error, never a session
        assertThat(error).isNotInstanceOf(JsonNode.class);
    }

    private static void assertUnauthorized(Object error) {
        assertThat(error).isInstanceOf(JsonNode.class);
        assertThat(((JsonNode) error).path("message").asString()).isEqualTo("unauthorized");
    }
}
