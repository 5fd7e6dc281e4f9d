package dev.lectern.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.support.IntegrationTest;
import org.junit.jupiter.api.Test;

class OperationsIntegrationTest extends IntegrationTest {

    @Test
    void healthIsUpWithoutAuthentication() {
        var health = api.get("/actuator/health", null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asString()).isEqualTo("UP");
    }

    @Test
    void prometheusMetricsAreServed() {
        api.get("/api/notifications", null); // at least one request to count
        var metrics = api.get("/actuator/prometheus", null);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("http_server_requests").contains("hikaricp_connections");
    }

    @Test
    void openApiDocumentDescribesTheRestApi() {
        var doc = api.get("/v3/api-docs", null);
        assertThat(doc.status()).isEqualTo(200);
        var paths = doc.json().get("paths");
        assertThat(paths.has("/api/workshops")).isTrue();
        assertThat(paths.has("/api/workshops/{id}/start")).isTrue();
        assertThat(paths.has("/api/workshops/{id}/attendance")).isTrue();
        assertThat(paths.has("/api/notifications")).isTrue();
        assertThat(paths.has("/error")).isFalse();
    }
}
