package dev.lectern.workshop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertAll;

import dev.lectern.support.Api;
import dev.lectern.support.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Every role's rights on every workshop endpoint (CONTRACT §3), on a public and a private workshop,
 * and every transition of the state machine through REST, allowed and refused. Each row builds its
 * own workshop, so no row sees another's state.
 */
class RightsIntegrationTest extends IntegrationTest {

    enum Role {
        HOST,
        CO_HOST,
        RSVPD,
        INVITED,
        STRANGER,
        REMOVED,
        NO_TOKEN
    }

    enum Endpoint {
        GET,
        LIST,
        RSVP,
        UNRSVP,
        INVITE,
        START,
        END,
        CANCEL,
        CHAT,
        ATTENDANCE
    }

    /**
     * Expected outcome per endpoint, visibility and role. A bare status implies the contract's code for
     * it (401 unauthorized, 403 forbidden, 404 not_found); {@code 409/full} names the code; for LIST,
     * {@code listed} or {@code hidden} says whether the workshop shows up in the caller's list.
     * END rows run on a live workshop, every other row on a scheduled one.
     */
    private static final String TABLE = """
            # endpoint  visibility  host          co-host            rsvpd   invited  stranger  removed     no-token
            GET         public      200           200                200     200      200       403/banned  401
            GET         private     200           200                200     200      404       403/banned  401
            LIST        public      listed        listed             listed  listed   listed    hidden      401
            LIST        private     listed        listed             listed  listed   hidden    hidden      401
            RSVP        public      409/conflict  200                200     200      200       409/banned  401
            RSVP        private     409/conflict  200                200     200      404       409/banned  401
            UNRSVP      public      204           409/invalid_state  204     204      204       409/banned  401
            UNRSVP      private     204           409/invalid_state  204     204      404       409/banned  401
            INVITE      public      200           200                403     403      403       403/banned  401
            INVITE      private     200           200                403     403      404       403/banned  401
            START       public      200           200                403     403      403       403/banned  401
            START       private     200           200                403     403      404       403/banned  401
            END         public      200           200                403     403      403       403/banned  401
            END         private     200           200                403     403      404       403/banned  401
            CANCEL      public      200           403                403     403      403       403/banned  401
            CANCEL      private     200           403                403     403      404       403/banned  401
            CHAT        public      200           200                200     200      403       403/banned  401
            CHAT        private     200           200                200     200      404       403/banned  401
            ATTENDANCE  public      200           200                403     403      403       403/banned  401
            ATTENDANCE  private     200           200                403     403      404       403/banned  401
            """;

    /** Expected outcome of a host's REST transition from each status. */
    private static final String TRANSITIONS = """
            # action  from       outcome
            start     scheduled  200/live
            start     lobby      200/live
            start     live       409
            start     ended      409
            start     cancelled  409
            end       scheduled  409
            end       lobby      409
            end       live       200/ended
            end       ended      409
            end       cancelled  409
            cancel    scheduled  200/cancelled
            cancel    lobby      200/cancelled
            cancel    live       409
            cancel    ended      409
            cancel    cancelled  409
            """;

    @Autowired
    AttendeeRepository attendees;

    @Autowired
    Lifecycle lifecycle;

    static Stream<Arguments> rights() {
        List<Arguments> rows = new ArrayList<>();
        for (String[] cells : parse(TABLE)) {
            Endpoint endpoint = Endpoint.valueOf(cells[0]);
            boolean isPrivate = cells[1].equals("private");
            for (Role role : Role.values()) {
                rows.add(Arguments.of(endpoint, isPrivate ? "private" : "public", role, cells[2 + role.ordinal()]));
            }
        }
        return rows.stream();
    }

    static Stream<Arguments> transitions() {
        return parse(TRANSITIONS).stream().map(c -> Arguments.of(c[0], c[1], c[2]));
    }

    @ParameterizedTest(name = "{0} on a {1} workshop as {2} → {3}")
    @MethodSource("rights")
    void roleRights(Endpoint endpoint, String visibility, Role role, String expected) {
        boolean isPrivate = visibility.equals("private");
        User host = newUser("Host");
        Instant start = clock.instant().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.MILLIS);
        long id = createWorkshop(host, isPrivate, null, start);
        String path = "/api/workshops/" + id;
        User caller = setUp(role, id, host);
        String token = caller == null ? null : caller.token();
        if (endpoint == Endpoint.END) {
            ok(api.post(path + "/start", host.token(), null), 200);
        }
        String statusBefore = status(id, host);

        if (endpoint == Endpoint.LIST) {
            if (role == Role.NO_TOKEN) {
                assertProblem(api.get("/api/workshops?status=scheduled&limit=100", null), "401");
            } else {
                assertThat(isListed(token, id, start))
                        .as("listed in GET /api/workshops")
                        .isEqualTo(expected.equals("listed"));
            }
            return;
        }

        Api.Response r = switch (endpoint) {
            case GET -> api.get(path, token);
            case RSVP -> api.post(path + "/rsvp", token, null);
            case UNRSVP -> api.delete(path + "/rsvp", token);
            case INVITE ->
                api.post(path + "/invites", token, Api.json(java.util.Map.of("userIds", List.of(newUserId()))));
            case START -> api.post(path + "/start", token, null);
            case END -> api.post(path + "/end", token, null);
            case CANCEL -> api.post(path + "/cancel", token, null);
            case CHAT -> api.get(path + "/chat", token);
            case ATTENDANCE -> api.get(path + "/attendance", token);
            case LIST -> throw new AssertionError();
        };

        if (expected.startsWith("2")) {
            assertThat(r.status()).as("%s → %s", endpoint, r).isEqualTo(Integer.parseInt(expected));
            assertSuccess(endpoint, role, id, host, caller, r);
        } else {
            assertProblem(r, expected);
            // a refusal changes nothing
            assertThat(status(id, host))
                    .as("status after a refused %s", endpoint)
                    .isEqualTo(statusBefore);
        }
    }

    @ParameterizedTest(name = "{0} from {1} → {2}")
    @MethodSource("transitions")
    void hostTransition(String action, String from, String expected) {
        User host = newUser("Host");
        long id = workshopIn(from, host);
        Api.Response r = api.post("/api/workshops/" + id + "/" + action, host.token(), null);
        if (expected.startsWith("200")) {
            String to = expected.substring(4);
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            assertThat(r.contentType()).startsWith("application/json");
            JsonNode w = r.json();
            assertThat(w.get("status").asString()).isEqualTo(to);
            assertThat(w.get("startedAt").isNull())
                    .as("startedAt")
                    .isEqualTo(!to.equals("live") && !to.equals("ended"));
            assertThat(w.get("endedAt").isNull()).as("endedAt").isEqualTo(!to.equals("ended"));
            assertThat(status(id, host)).isEqualTo(to);
        } else {
            assertProblem(r, "409/invalid_transition");
            assertThat(r.json().path("detail").asString(""))
                    .as("detail names the status")
                    .contains(from);
            assertThat(status(id, host))
                    .as("a refused transition changes nothing")
                    .isEqualTo(from);
        }
    }

    /** The lobby job's transition: only a scheduled workshop moves to the lobby. */
    @ParameterizedTest(name = "open lobby from {0}")
    @MethodSource("statuses")
    void lobbyJobTransition(String from) {
        User host = newUser("Host");
        long id = workshopIn(from, host);
        boolean opened = lifecycle.openLobbyIfDue(id);
        assertThat(opened).isEqualTo(from.equals("scheduled"));
        assertThat(status(id, host)).isEqualTo(from.equals("scheduled") ? "lobby" : from);
    }

    static Stream<String> statuses() {
        return Stream.of("scheduled", "lobby", "live", "ended", "cancelled");
    }

    // --- setting up a role and a status ----------------------------------------------------------

    /** The caller in the given role on a fresh workshop; null for "no token". */
    private User setUp(Role role, long id, User host) {
        String path = "/api/workshops/" + id;
        boolean isPrivate = api.get(path, host.token()).json().get("isPrivate").asBoolean();
        return switch (role) {
            case HOST -> host;
            case NO_TOKEN -> null;
            case STRANGER -> newUser("Stranger");
            case INVITED -> invite(id, host, newUser("Invited"));
            case RSVPD -> rsvp(id, isPrivate ? invite(id, host, newUser("Rsvpd")) : newUser("Rsvpd"));
            case CO_HOST -> {
                User u = rsvp(id, isPrivate ? invite(id, host, newUser("CoHost")) : newUser("CoHost"));
                attendees.setCoHost(id, u.id(), true);
                yield u;
            }
            case REMOVED -> {
                User u = rsvp(id, isPrivate ? invite(id, host, newUser("Removed")) : newUser("Removed"));
                attendees.remove(id, u.id(), clock.instant());
                yield u;
            }
        };
    }

    private User invite(long id, User host, User user) {
        ok(
                api.post(
                        "/api/workshops/" + id + "/invites",
                        host.token(),
                        Api.json(java.util.Map.of("userIds", List.of(user.id())))),
                200);
        return user;
    }

    private User rsvp(long id, User user) {
        ok(api.post("/api/workshops/" + id + "/rsvp", user.token(), null), 200);
        return user;
    }

    /** A fresh workshop of the host's, brought to the given status through the real transitions. */
    private long workshopIn(String status, User host) {
        String token = host.token();
        // ten minutes ahead: inside the lobby window, so the lobby job may open it right away
        long id = createWorkshop(host, false, null, clock.instant().plus(Duration.ofMinutes(10)));
        String path = "/api/workshops/" + id;
        switch (status) {
            case "scheduled" -> {}
            case "lobby" -> assertThat(lifecycle.openLobbyIfDue(id)).isTrue();
            case "live" -> ok(api.post(path + "/start", token, null), 200);
            case "ended" -> {
                ok(api.post(path + "/start", token, null), 200);
                ok(api.post(path + "/end", token, null), 200);
            }
            case "cancelled" -> ok(api.post(path + "/cancel", token, null), 200);
            default -> throw new IllegalArgumentException(status);
        }
        assertThat(status(id, host)).isEqualTo(status);
        return id;
    }

    // --- assertions --------------------------------------------------------------------------------

    private void assertSuccess(Endpoint endpoint, Role role, long id, User host, User caller, Api.Response r) {
        JsonNode body = r.json();
        switch (endpoint) {
            case GET -> assertThat(body.get("id").asLong()).isEqualTo(id);
            case RSVP -> {
                assertThat(body.get("status").asString()).isEqualTo("rsvp");
                assertThat(body.get("userId").asLong()).isEqualTo(caller.id());
                assertThat(attendeeStatus(id, caller)).isEqualTo("rsvp");
            }
            case UNRSVP -> {
                // an invitation outlives the RSVP; a plain RSVP is gone; nothing else changes
                String expected = switch (role) {
                    case INVITED -> "invited";
                    case RSVPD ->
                        api.get("/api/workshops/" + id, host.token())
                                        .json()
                                        .get("isPrivate")
                                        .asBoolean()
                                ? "invited"
                                : null;
                    default -> null;
                };
                assertThat(attendeeStatus(id, caller)).isEqualTo(expected);
            }
            case INVITE -> assertThat(body.get("invited").size()).isEqualTo(1);
            case START -> assertThat(body.get("status").asString()).isEqualTo("live");
            case END -> assertThat(body.get("status").asString()).isEqualTo("ended");
            case CANCEL -> assertThat(body.get("status").asString()).isEqualTo("cancelled");
            case CHAT, ATTENDANCE -> assertThat(body.get("items").isArray()).isTrue();
            case LIST -> throw new AssertionError();
        }
    }

    /** {@code expected} is "403", "409/banned", …: status, problem+json, and the code. */
    static void assertProblem(Api.Response r, String expected) {
        String[] parts = expected.split("/");
        int status = Integer.parseInt(parts[0]);
        String code = parts.length > 1
                ? parts[1]
                : switch (status) {
                    case 401 -> "unauthorized";
                    case 403 -> "forbidden";
                    case 404 -> "not_found";
                    default -> throw new IllegalArgumentException("name the code for " + expected);
                };
        assertAll(
                () -> assertThat(r.status()).as("status of %s", r).isEqualTo(status),
                () -> assertThat(r.isProblem())
                        .as("problem+json: %s %s", r.contentType(), r)
                        .isTrue(),
                () -> assertThat(r.code()).as("code of %s", r).isEqualTo(code));
    }

    private static void ok(Api.Response r, int status) {
        assertThat(r.status()).as("setup call: %s", r).isEqualTo(status);
    }

    private String status(long id, User host) {
        Api.Response r = api.get("/api/workshops/" + id, host.token());
        ok(r, 200);
        return r.json().get("status").asString();
    }

    /** The caller's attendee status as the host's attendance report shows it; null if no record. */
    private String attendeeStatus(long id, User user) {
        return attendees.find(id, user.id()).map(a -> a.status().wire()).orElse(null);
    }

    /** Pages through the caller's scheduled workshops (ordered by start) until it passes this one. */
    private boolean isListed(String token, long id, Instant start) {
        String cursor = null;
        for (int page = 0; page < 1000; page++) {
            Api.Response r = api.get(
                    "/api/workshops?status=scheduled&limit=100" + (cursor == null ? "" : "&cursor=" + cursor), token);
            ok(r, 200);
            for (JsonNode w : r.json().get("items")) {
                if (w.get("id").asLong() == id) {
                    return true;
                }
                if (Instant.parse(w.get("scheduledStart").asString()).isAfter(start)) {
                    return false;
                }
            }
            JsonNode next = r.json().get("nextCursor");
            if (next == null || next.isNull()) {
                return false;
            }
            cursor = next.asString();
        }
        throw new AssertionError("too many pages");
    }

    private static List<String[]> parse(String table) {
        return table.lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .map(l -> l.split("\\s+"))
                .toList();
    }
}
