package dev.lectern.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.support.SocketClient;
import dev.lectern.support.Tokens;
import io.socket.client.IO;
import io.socket.client.Socket;
import io.socket.engineio.client.transports.WebSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Presence in small and big rooms (docs/signaling.md, "Presence in big rooms"): small rooms hear the
 * contract's per-user events; a big room filling up hears batches, and a client that applies its
 * snapshot and then the events in order ends with exactly the users present.
 */
class PresenceBatchesIntegrationTest extends SignalingTest {

    private static final Duration SETTLE = PresenceBatches.WINDOW.multipliedBy(3);

    @Test
    void aSmallRoomHearsEachArrivalAndDepartureAsItsOwnEvent() {
        User host = newUser("Host");
        User[] guests = {newUser("A"), newUser("B"), newUser("C")};
        long id = liveWorkshop(host, guests);
        Observer watcher = Observer.join(socketUrl(), host, id);

        List<SocketClient> in = new ArrayList<>();
        for (User g : guests) {
            in.add(joined(g, id));
        }
        in.get(1).close();

        watcher.awaitPresent(Set.of(host.id(), guests[0].id(), guests[2].id()));
        // the watcher's own arrival, its snapshot, then one event per change
        assertThat(watcher.names())
                .containsExactly(
                        "workshop:user-joined",
                        "workshop:state",
                        "workshop:user-joined",
                        "workshop:user-joined",
                        "workshop:user-joined",
                        "workshop:user-left");
        watcher.close();
    }

    @Test
    void aBigRoomFillingUpHearsBatchesAndEveryoneEndsWithTheRightAttendees() throws Exception {
        int size = 200;
        User host = newUser("Host");
        long id = createWorkshop(host, false, null, clock.instant().plus(Duration.ofMinutes(5)));
        List<User> crowd =
                LongStream.range(0, size).mapToObj(i -> newUser("Crowd " + i)).toList();
        for (int i = 0; i < size; i += 100) {
            String ids = crowd.subList(i, i + 100).stream()
                    .map(u -> Long.toString(u.id()))
                    .collect(Collectors.joining(","));
            assertThat(api.post("/api/workshops/" + id + "/invites", host.token(), "{\"userIds\":[" + ids + "]}")
                            .status())
                    .isEqualTo(200);
        }
        assertThat(api.post("/api/workshops/" + id + "/start", host.token(), null)
                        .status())
                .isEqualTo(200);
        Observer early = Observer.join(socketUrl(), host, id);

        // all at once; every fifth leaves right after its join is acknowledged, inside the same batch
        List<SocketClient> sockets = crowd.stream()
                .map(u -> SocketClient.builder(socketUrl()).token(u.token()).connect())
                .toList();
        List<CompletableFuture<JsonNode>> joins = sockets.stream()
                .map(s -> s.callAsync("workshop:join", payload(id)))
                .toList();
        Set<Long> expected = new HashSet<>(Set.of(host.id()));
        List<CompletableFuture<JsonNode>> leaves = new ArrayList<>();
        Observer late = null;
        for (int i = 0; i < size; i++) {
            assertOk(joins.get(i).get(SocketClient.WAIT.toMillis(), TimeUnit.MILLISECONDS));
            if (i % 5 == 0) {
                leaves.add(sockets.get(i).callAsync("workshop:leave", payload(id)));
            } else {
                expected.add(crowd.get(i).id());
            }
            if (i == size / 2) {
                late = Observer.join(socketUrl(), newInvited(host, id), id); // joins while batches are in flight
                expected.add(late.userId);
            }
        }
        for (var leave : leaves) {
            assertOk(leave.get(SocketClient.WAIT.toMillis(), TimeUnit.MILLISECONDS));
        }

        early.awaitPresent(expected);
        late.awaitPresent(expected);
        Observer last = Observer.join(socketUrl(), host, id); // a second tab of the host: a fresh snapshot
        assertThat(last.present()).isEqualTo(expected);
        // 241 changes reached the early watcher in far fewer frames: one each until the room held 100, then batches
        long presenceFrames =
                early.names().stream().filter(n -> !n.equals("workshop:state")).count();
        assertThat(early.names()).contains("workshop:presence");
        assertThat(presenceFrames).isLessThan(150);
        sockets.forEach(SocketClient::close);
        early.close();
        late.close();
        last.close();
    }

    @Test
    void otherRoomEventsNeverOvertakeHeldBackPresence() throws Exception {
        int size = PresenceBatches.SMALL_ROOM + 20;
        User host = newUser("Host");
        long id = createWorkshop(host, false, null, clock.instant().plus(Duration.ofMinutes(5)));
        List<User> crowd =
                LongStream.range(0, size).mapToObj(i -> newUser("Crowd " + i)).toList();
        String ids = crowd.stream().map(u -> Long.toString(u.id())).collect(Collectors.joining(","));
        api.post("/api/workshops/" + id + "/invites", host.token(), "{\"userIds\":[" + ids + "]}");
        assertThat(api.post("/api/workshops/" + id + "/start", host.token(), null)
                        .status())
                .isEqualTo(200);
        SocketClient hostSocket = joined(host, id);
        Observer watcher = Observer.join(socketUrl(), crowd.get(0), id);
        List<SocketClient> sockets = crowd.subList(1, size).stream()
                .map(u -> SocketClient.builder(socketUrl()).token(u.token()).connect())
                .toList();
        List<CompletableFuture<JsonNode>> joins = sockets.stream()
                .map(s -> s.callAsync("workshop:join", payload(id)))
                .toList();
        for (var join : joins) {
            assertOk(join.get(SocketClient.WAIT.toMillis(), TimeUnit.MILLISECONDS));
        }
        User target = crowd.get(size - 1);

        // sent while the last joins are most likely still held back: the promotion must come after them
        assertOk(hostSocket.call("workshop:promote-cohost", payload(id, target.id())));

        watcher.awaitEvent("workshop:cohost-promoted");
        int promoted = watcher.names().indexOf("workshop:cohost-promoted");
        assertThat(watcher.present(promoted)).contains(target.id());
        sockets.forEach(SocketClient::close);
        watcher.close();
    }

    @Test
    void aLateJoinersSnapshotFollowsRoleHandAndStatusChanges() {
        User host = newUser("Host");
        User ada = newUser("Ada");
        User bob = newUser("Bob");
        long id = scheduledWorkshop(host, ada, bob);
        SocketClient hostSocket = joined(host, id);
        SocketClient adaSocket = joined(ada, id);
        assertThat(stateOf(host, id).get("status").asString()).isEqualTo("scheduled");

        assertThat(api.post("/api/workshops/" + id + "/start", host.token(), null)
                        .status())
                .isEqualTo(200);
        adaSocket.next("workshop:state-changed");
        assertThat(stateOf(host, id).get("status").asString()).isEqualTo("live");

        assertOk(hostSocket.call("workshop:promote-cohost", payload(id, ada.id())));
        JsonNode promoted = stateOf(host, id);
        assertThat(promoted.get("coHostIds").toString()).isEqualTo("[" + ada.id() + "]");
        assertThat(attendee(promoted, ada.id()).get("isCoHost").asBoolean()).isTrue();

        assertOk(hostSocket.call("workshop:demote-cohost", payload(id, ada.id())));
        JsonNode demoted = stateOf(host, id);
        assertThat(demoted.get("coHostIds").size()).isZero();
        assertThat(attendee(demoted, ada.id()).get("isCoHost").asBoolean()).isFalse();
        assertThat(attendee(demoted, ada.id()).get("canSpeak").asBoolean()).isTrue(); // promotion granted speaking

        assertOk(adaSocket.call("workshop:raise-hand", payload(id)));
        assertThat(stateOf(host, id).get("raisedHands").get(0).get("userId").asLong())
                .isEqualTo(ada.id());

        assertOk(hostSocket.call("workshop:remove-user", payload(id, ada.id())));
        SocketClient bobSocket = connect(bob);
        JsonNode afterRemoval = bobSocket.call("workshop:join", payload(id)).get("state");
        assertThat(attendee(afterRemoval, ada.id())).isNull();
        assertThat(afterRemoval.get("raisedHands").size()).isZero();
        assertThat(afterRemoval.get("speakerIds").size()).isZero();
    }

    /** A fresh snapshot, as a join from one more socket of {@code user} sees it. */
    private JsonNode stateOf(User user, long id) {
        SocketClient tab = connect(user);
        JsonNode ack = tab.call("workshop:join", payload(id));
        assertOk(ack);
        return ack.get("state");
    }

    private static JsonNode attendee(JsonNode state, long userId) {
        for (JsonNode a : state.get("attendees")) {
            if (a.get("userId").asLong() == userId) {
                return a;
            }
        }
        return null;
    }

    private User newInvited(User host, long id) {
        User u = newUser("Late");
        assertThat(api.post("/api/workshops/" + id + "/invites", host.token(), "{\"userIds\":[" + u.id() + "]}")
                        .status())
                .isEqualTo(200);
        return u;
    }

    /**
     * A client that keeps every room event in arrival order (the shared SocketClient files them by
     * name) and rebuilds the attendee set from its snapshot plus those events, as a UI would.
     */
    private static final class Observer {

        final long userId;
        private final Socket socket;
        private final List<Object[]> events = new CopyOnWriteArrayList<>();

        private Observer(long userId, Socket socket) {
            this.userId = userId;
            this.socket = socket;
        }

        static Observer join(String baseUrl, User user, long workshopId) {
            IO.Options options = IO.Options.builder()
                    .setForceNew(true)
                    .setReconnection(false)
                    .setTransports(new String[] {WebSocket.NAME})
                    .setAuth(Map.of("token", Tokens.valid(user.id(), user.name())))
                    .build();
            options.webSocketFactory = SocketClient.HTTP;
            options.callFactory = SocketClient.HTTP;
            Observer o = new Observer(user.id(), IO.socket(URI.create(baseUrl + "/workshop"), options));
            o.socket.onAnyIncoming(args -> o.events.add(args));
            CompletableFuture<Object> ack = new CompletableFuture<>();
            o.socket.on(
                    Socket.EVENT_CONNECT,
                    args -> o.socket.emit(
                            "workshop:join",
                            new Object[] {new org.json.JSONObject(Map.of("workshopId", workshopId))},
                            answer -> ack.complete(answer[0])));
            o.socket.connect();
            try {
                assertOk(SocketClient.tree(ack.get(SocketClient.WAIT.toMillis(), TimeUnit.MILLISECONDS)));
            } catch (Exception e) {
                throw new AssertionError("observer could not join", e);
            }
            o.awaitEvent("workshop:state");
            return o;
        }

        /** The snapshot, presence and role events received, in order. */
        List<String> names() {
            return events.stream()
                    .map(e -> (String) e[0])
                    .filter(Observer::relevant)
                    .toList();
        }

        private static boolean relevant(String name) {
            return name.equals("workshop:state")
                    || name.startsWith("workshop:user-")
                    || name.equals("workshop:presence")
                    || name.equals("workshop:cohost-promoted");
        }

        Set<Long> present() {
            return present(Integer.MAX_VALUE);
        }

        /** The attendee set after applying the first {@code upTo} named events (as {@link #names} lists them). */
        Set<Long> present(int upTo) {
            Set<Long> present = new HashSet<>();
            int seen = 0;
            for (Object[] e : events) {
                String name = (String) e[0];
                if (!relevant(name)) {
                    continue;
                }
                if (seen++ >= upTo) {
                    break;
                }
                JsonNode body = SocketClient.tree(e[1]);
                switch (name) {
                    case "workshop:state" -> {
                        present.clear();
                        body.get("attendees")
                                .forEach(a -> present.add(a.get("userId").asLong()));
                    }
                    case "workshop:user-joined" ->
                        present.add(body.get("userId").asLong());
                    case "workshop:user-left", "workshop:user-removed" ->
                        present.remove(body.get("userId").asLong());
                    case "workshop:presence" -> {
                        body.get("joined")
                                .forEach(a -> present.add(a.get("userId").asLong()));
                        body.get("left").forEach(u -> present.remove(u.asLong()));
                    }
                    default -> {}
                }
            }
            return present;
        }

        void awaitPresent(Set<Long> expected) {
            long deadline = System.nanoTime() + SocketClient.WAIT.plus(SETTLE).toNanos();
            while (!present().equals(expected) && System.nanoTime() < deadline) {
                sleep(50);
            }
            assertThat(present()).isEqualTo(expected);
        }

        void awaitEvent(String name) {
            long deadline = System.nanoTime() + SocketClient.WAIT.toNanos();
            while (events.stream().noneMatch(e -> name.equals(e[0])) && System.nanoTime() < deadline) {
                sleep(20);
            }
            assertThat(events.stream().map(e -> (String) e[0])).contains(name);
        }

        void close() {
            socket.disconnect();
            socket.close();
        }

        private static void sleep(long ms) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
