package dev.lectern.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.support.IntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** With LECTERN_METRICS_TOKEN set, every caller of /actuator/prometheus — loopback too — must present it. */
@TestPropertySource(properties = "lectern.http.metrics-token=s3cret-metrics-token")
class MetricsTokenIntegrationTest extends IntegrationTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theBearerOfTheTokenAloneReadsTheMetrics() throws Exception {
        for (String authorization : new String[] {
            null,
            "Bearer wrong",
            "Bearer s3cret-metrics-tokenX",
            "Basic s3cret-metrics-token",
            "Bearer ",
            "Bearer s3cret-metrics-toke"
        }) {
            HttpResponse<String> r = scrape(authorization);
            assertThat(r.statusCode()).as(String.valueOf(authorization)).isEqualTo(401);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(r.body()).contains("\"code\":\"unauthorized\"").doesNotContain("jvm_");
        }
        HttpResponse<String> ok = scrape("Bearer s3cret-metrics-token");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("jvm_");
    }

    private HttpResponse<String> scrape(String authorization) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                .GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
