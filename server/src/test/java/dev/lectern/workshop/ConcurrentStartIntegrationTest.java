package dev.lectern.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.support.Api;
import dev.lectern.support.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class ConcurrentStartIntegrationTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void fiftyConcurrentStartsLetExactlyOneWin() throws Exception {
        User host = newUser("Host");
        User coHost = newUser("CoHost");
        long id = createWorkshop(host, false, null);
        // host and a co-host both hammer start: the row lock must serialise them all
        api.post("/api/workshops/" + id + "/rsvp", coHost.token(), null);
        jdbc.sql("UPDATE workshop_attendees SET is_co_host = TRUE WHERE workshop_id = ? AND user_id = ?")
                .params(id, coHost.id())
                .update();

        int callers = 50;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Api.Response>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(callers)) {
            for (int i = 0; i < callers; i++) {
                String token = i % 2 == 0 ? host.token() : coHost.token();
                results.add(pool.submit(() -> {
                    go.await();
                    return api.post("/api/workshops/" + id + "/start", token, null);
                }));
            }
            go.countDown();
            int ok = 0;
            int conflict = 0;
            List<String> startedAts = new ArrayList<>();
            for (Future<Api.Response> f : results) {
                Api.Response r = f.get();
                if (r.status() == 200) {
                    ok++;
                    startedAts.add(r.json().get("startedAt").asString());
                } else {
                    assertThat(r.status()).as(r.toString()).isEqualTo(409);
                    assertThat(r.code()).isEqualTo("invalid_transition");
                    conflict++;
                }
            }
            assertThat(ok).isEqualTo(1);
            assertThat(conflict).isEqualTo(callers - 1);
            var row = api.get("/api/workshops/" + id, host.token()).json();
            assertThat(row.get("status").asString()).isEqualTo("live");
            assertThat(row.get("startedAt").asString()).isEqualTo(startedAts.get(0));
        }
    }
}
