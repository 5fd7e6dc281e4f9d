package dev.lectern.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertAll;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.lectern.identity.JwtVerifier;
import dev.lectern.support.Api;
import dev.lectern.support.IntegrationTest;
import dev.lectern.support.Tokens;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bad input over every endpoint: malformed and mistyped bodies, out-of-range and non-numeric ids and
 * query parameters, oversized bodies, and every way a credential can be wrong. Whatever comes in, the
 * answer is a 4xx {@code application/problem+json} with one of the contract's codes — never a 5xx.
 * The cases are generated; each runs as its own dynamic test named after the request it sends.
 */
class BadInputIntegrationTest extends IntegrationTest {

    /** The contract's codes, and the extra ones documented for errors Spring raises itself. */
    private static final Set<String> CODES = Set.of(
            "invalid_payload",
            "unauthorized",
            "forbidden",
            "not_found",
            "invalid_transition",
            "invalid_state",
            "full",
            "banned",
            "conflict",
            "payload_too_large",
            "rate_limited",
            "method_not_allowed",
            "unsupported_media_type",
            "not_acceptable");

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String JSON_TYPE = "application/json";
    private static final int BODY_CAP = 64 * 1024;

    /**
     * Path ids that are not a positive 64-bit number; the last ones Tomcat itself refuses before any
     * servlet. (Spring reads "0x1F" as hex 31, " 1" as 1 and drops ";2" as a matrix parameter: lenient,
     * but valid ids, so they are not here.)
     */
    private static final List<String> BAD_IDS = List.of(
            "0",
            "-1",
            "-9223372036854775808",
            "9223372036854775808",
            "99999999999999999999999",
            "abc",
            "1.5",
            "1e3",
            "%20",
            "null",
            "%F0%9F%99%82",
            "%00",
            "%2F",
            "a%5Cb");

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** One request and what must come back: {@code status} 0 means "any 4xx", {@code code} null any listed one. */
    @SuppressWarnings("ArrayRecordComponent") // a test case; never compared
    record Case(
            String name,
            String method,
            String path,
            Map<String, String> headers,
            byte[] body,
            boolean chunked,
            int status,
            String code,
            String detail) {

        Case expect(int status, String code) {
            return new Case(name, method, path, headers, body, chunked, status, code, detail);
        }

        Case detail(String mustContain) {
            return new Case(name, method, path, headers, body, chunked, status, code, mustContain);
        }

        Case header(String name, String value) {
            var h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Case(this.name, method, path, h, body, chunked, status, code, detail);
        }

        Case streamed() {
            return new Case(name, method, path, headers, body, true, status, code, detail);
        }

        @Override
        public String toString() {
            String shown = body == null ? "" : new String(body, StandardCharsets.UTF_8);
            if (shown.length() > 120) {
                shown = shown.substring(0, 120) + "…(" + body.length + " bytes)";
            }
            return name + ": " + method + " " + path + " "
                    + headers.entrySet().stream()
                            .map(e -> e.getKey() + "="
                                    + (e.getValue().length() > 30 ? e.getValue().substring(0, 30) + "…" : e.getValue()))
                            .collect(Collectors.joining(",", "{", "}"))
                    + (body == null ? "" : " body=" + shown) + (chunked ? " (chunked)" : "");
        }
    }

    private User host;
    private long workshopId;

    @TestFactory
    Stream<DynamicTest> badInputIsA4xxProblemEverywhere() {
        host = newUser("Host");
        workshopId = createWorkshop(host, false, null);
        List<Case> cases = new ArrayList<>();
        authCases(cases::add);
        pathIdCases(cases::add);
        queryCases(cases::add);
        createBodyCases(cases::add);
        inviteBodyCases(cases::add);
        devLoginBodyCases(cases::add);
        mediaTypeCases(cases::add);
        routingCases(cases::add);
        System.out.printf("BadInputIntegrationTest: %d bad-input cases%n", cases.size());
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> check(c)));
    }

    /** The same endpoints given good input answer 2xx: the 4xx above come from the input, not the harness. */
    @TestFactory
    Stream<DynamicTest> goodInputSucceeds() {
        User me = newUser("Control");
        long id = createWorkshop(me, false, null);
        String w = "/api/workshops/" + id;
        User guest = newUser("Guest");
        List<Case> controls = List.of(
                request("create", "POST", "/api/workshops", me.token(), createBody(Map.of()))
                        .expect(201, null),
                request("list", "GET", "/api/workshops?status=live,lobby,scheduled&limit=100", me.token(), null)
                        .expect(200, null),
                request(
                                "list from a cursor",
                                "GET",
                                "/api/workshops?limit=1&cursor="
                                        + Base64.getUrlEncoder()
                                                .withoutPadding()
                                                .encodeToString("0:0".getBytes(StandardCharsets.UTF_8)),
                                me.token(),
                                null)
                        .expect(200, null),
                request("get", "GET", w, me.token(), null).expect(200, null),
                request("invite", "POST", w + "/invites", me.token(), json(Map.of("userIds", List.of(guest.id()))))
                        .expect(200, null),
                request("rsvp", "POST", w + "/rsvp", guest.token(), null).expect(200, null),
                request("un-rsvp", "DELETE", w + "/rsvp", guest.token(), null).expect(204, null),
                request("chat", "GET", w + "/chat?afterId=9223372036854775807&limit=500", me.token(), null)
                        .expect(200, null),
                request("attendance", "GET", w + "/attendance", me.token(), null)
                        .expect(200, null),
                request("notifications", "GET", "/api/notifications?unread=true&limit=200", guest.token(), null)
                        .expect(200, null),
                request(
                                "dev login",
                                "POST",
                                "/api/dev/login",
                                null,
                                json(Map.of(
                                        "userId",
                                        JwtVerifier.MAX_USER_ID,
                                        "name",
                                        "Max",
                                        "picture",
                                        "https://example.com/a.png")))
                        .expect(200, null),
                // a name claim with control characters (NUL, which PostgreSQL cannot store) is cleaned, not fatal
                request(
                                "dev login, NUL in name",
                                "POST",
                                "/api/dev/login",
                                null,
                                json(Map.of("userId", newUserId(), "name", "A\u0000da")))
                        .expect(200, null),
                request(
                                "token with NUL in name",
                                "GET",
                                "/api/notifications",
                                Tokens.valid(newUserId(), "Eve\u0000"),
                                null)
                        .expect(200, null));
        return controls.stream()
                .map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
                    Reply r = send(c);
                    assertThat(r.status).as("%s → %s", c, r).isEqualTo(c.status());
                }));
    }

    // --- the cases ---------------------------------------------------------------------------------

    /** Every authenticated endpoint, with every kind of missing or bad credential: 401 unauthorized. */
    private void authCases(Consumer<Case> out) {
        long uid = newUserId();
        Instant later = Instant.now().plus(Duration.ofHours(1));
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("expired", Tokens.expired(uid));
        tokens.put("wrongly signed", Tokens.wronglySigned(uid));
        tokens.put("sub not a number", sign(claims("abc", later), JWSAlgorithm.HS256));
        tokens.put("sub 0", sign(claims("0", later), JWSAlgorithm.HS256));
        tokens.put("sub negative", sign(claims("-5", later), JWSAlgorithm.HS256));
        tokens.put("sub > 4294967295", sign(claims("4294967296", later), JWSAlgorithm.HS256));
        tokens.put(
                "sub reserved for recorders",
                sign(claims(Long.toString(JwtVerifier.MAX_USER_ID + 1), later), JWSAlgorithm.HS256));
        tokens.put("sub = recorder uid", sign(claims("4294967295", later), JWSAlgorithm.HS256));
        tokens.put("sub > Long.MAX", sign(claims("99999999999999999999", later), JWSAlgorithm.HS256));
        tokens.put("sub with leading zero", sign(claims("007", later), JWSAlgorithm.HS256));
        tokens.put("sub decimal", sign(claims("7.0", later), JWSAlgorithm.HS256));
        tokens.put(
                "no sub",
                sign(new JWTClaimsSet.Builder().expirationTime(Date.from(later)).build(), JWSAlgorithm.HS256));
        tokens.put(
                "no exp",
                sign(new JWTClaimsSet.Builder().subject(Long.toString(uid)).build(), JWSAlgorithm.HS256));
        tokens.put("alg none", new PlainJWT(claims(Long.toString(uid), later)).serialize());
        tokens.put("alg none, signature kept", noneAlgWithSignature(uid, later));
        tokens.put("HS512", sign(claims(Long.toString(uid), later), JWSAlgorithm.HS512));
        tokens.put("garbage", "garbage");
        tokens.put("three dots", "a.b.c");
        tokens.put("empty segments", "..");
        tokens.put("huge", "x".repeat(7000));

        for (Case target : authenticatedEndpoints()) {
            out.accept(target.expect(401, "unauthorized"));
            for (var t : tokens.entrySet()) {
                out.accept(named(target, t.getKey())
                        .header("Authorization", "Bearer " + t.getValue())
                        .expect(401, "unauthorized"));
            }
            Case ok = named(target, "");
            out.accept(named(ok, "basic auth")
                    .header("Authorization", "Basic dXNlcjpwYXNz")
                    .expect(401, "unauthorized"));
            out.accept(named(ok, "bearer without token")
                    .header("Authorization", "Bearer")
                    .expect(401, "unauthorized"));
            out.accept(named(ok, "token scheme")
                    .header("Authorization", "Token " + host.token())
                    .expect(401, "unauthorized"));
            out.accept(named(ok, "bad cookie")
                    .header("Cookie", "lectern_token=garbage")
                    .expect(401, "unauthorized"));
            out.accept(named(ok, "expired cookie")
                    .header("Cookie", "lectern_token=" + Tokens.expired(uid))
                    .expect(401, "unauthorized"));
            // a token over 8 KiB is read (headers up to 16 KiB are) and refused as a token (CONTRACT §8) ...
            out.accept(named(ok, "token over 8 KiB")
                    .header("Authorization", "Bearer " + "x".repeat(9000))
                    .expect(401, "unauthorized"));
            // ... while headers past 16 KiB are refused before the application, still a problem
            out.accept(named(ok, "header over 16 KiB")
                    .header("Authorization", "Bearer " + "x".repeat(17_000))
                    .expect(400, "invalid_payload"));
        }
    }

    /** Non-positive, oversized and non-numeric ids in every path with an id. */
    private void pathIdCases(Consumer<Case> out) {
        for (String template : idPaths()) {
            String method = template.substring(0, template.indexOf(' '));
            String path = template.substring(template.indexOf(' ') + 1);
            byte[] body = path.endsWith("/invites") ? json(Map.of("userIds", List.of(newUserId()))) : null;
            for (String id : BAD_IDS) {
                out.accept(request("bad id " + id, method, path.replace("{id}", id), host.token(), body)
                        .expect(400, "invalid_payload"));
            }
            for (String id : List.of("9223372036854775807", "4294967296")) {
                out.accept(request("unknown id " + id, method, path.replace("{id}", id), host.token(), body)
                        .expect(404, "not_found"));
            }
        }
    }

    /** Query parameters: limit, afterId, cursor, status, unread. */
    private void queryCases(Consumer<Case> out) {
        String list = "/api/workshops?";
        for (String limit : List.of("0", "-1", "101", "abc", "1.5", "99999999999999999999", "%00")) {
            out.accept(get("limit=" + limit, list + "limit=" + limit)
                    .expect(400, "invalid_payload")
                    .detail("limit"));
        }
        for (String status : List.of("bogus", "LIVE", "live,bogus", "live,,lobby", ",", "%00", "live%20lobby")) {
            out.accept(get("status=" + status, list + "status=" + status)
                    .expect(400, "invalid_payload")
                    .detail("status"));
        }
        List<String> cursors =
                new ArrayList<>(List.of("!!!", "abc", "A".repeat(201), "%00", "====")); // not base64, or not ours
        for (String raw : List.of(
                "1",
                ":",
                "1:abc",
                "abc:1",
                "99999999999999999999:1",
                "1:99999999999999999999",
                "9223372036854775807:1",
                "-9223372036854775808:1",
                "-1:1",
                "253402300800000:1",
                "1.5:2",
                "1:2:3",
                "1:-2")) {
            cursors.add(Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8)));
        }
        for (String cursor : cursors) {
            out.accept(get("cursor=" + abbreviate(cursor), list + "cursor=" + cursor)
                    .expect(400, "invalid_payload")
                    .detail("cursor"));
        }

        String chat = "/api/workshops/" + workshopId + "/chat?";
        for (String afterId : List.of("-1", "abc", "1.5", "9223372036854775808", "99999999999999999999", "%00")) {
            out.accept(get("afterId=" + afterId, chat + "afterId=" + afterId)
                    .expect(400, "invalid_payload")
                    .detail("afterId"));
        }
        for (String limit : List.of("0", "-1", "501", "abc", "99999999999999999999")) {
            out.accept(get("chat limit=" + limit, chat + "limit=" + limit)
                    .expect(400, "invalid_payload")
                    .detail("limit"));
        }

        String notifications = "/api/notifications?";
        for (String limit : List.of("0", "-1", "201", "abc", "99999999999999999999")) {
            out.accept(get("notifications limit=" + limit, notifications + "limit=" + limit)
                    .expect(400, "invalid_payload")
                    .detail("limit"));
        }
        for (String unread : List.of("maybe", "2", "%00")) {
            out.accept(get("unread=" + unread, notifications + "unread=" + unread)
                    .expect(400, "invalid_payload")
                    .detail("unread"));
        }
    }

    /** POST /api/workshops: every field with every wrong type, null, out of range, too long; unknown fields. */
    private void createBodyCases(Consumer<Case> out) {
        String path = "/api/workshops";
        String token = host.token();
        malformed(path, token, out);

        Map<String, List<Object>> wrong = new LinkedHashMap<>();
        wrong.put("title", List.of(42, true, List.of("t"), Map.of("t", 1), "", "   ", "t".repeat(201)));
        wrong.put("description", List.of(42, false, List.of(), Map.of(), "d".repeat(5001)));
        wrong.put(
                "scheduledStart",
                List.of(
                        "tomorrow",
                        "",
                        true,
                        List.of(),
                        Map.of(),
                        "2020-01-01T00:00:00Z",
                        "2031-02-30T10:00:00Z",
                        "9999-12-31T23:59:59Z",
                        "+1000000000-12-31T23:59:59Z",
                        "-999999999-01-01T00:00:00Z",
                        Instant.now().minus(Duration.ofHours(1)).toString()));
        wrong.put("durationMinutes", List.of("60", 1.5, 0, -1, 1441, 99_999_999_999L, true, List.of(60), Map.of()));
        wrong.put("isPrivate", List.of("yes", "true", 1, List.of(), Map.of()));
        wrong.put("maxAttendees", List.of(0, -1, 100_001, "5", 1.5, 99_999_999_999L, true, List.of()));
        wrong.put("admission", List.of("closed", "", "OPEN", 1, true, List.of(), Map.of()));
        wrong.put("qaMode", List.of("anonymous", "", "Open", 0, false, List.of(), Map.of()));
        wrong.put("qaAnonymous", List.of("yes", "true", 1, List.of(), Map.of()));
        wrong.put(
                "categoryId",
                List.of(
                        0,
                        -1,
                        "x",
                        "5",
                        1.5,
                        new java.math.BigInteger("99999999999999999999"),
                        true,
                        List.of(),
                        Map.of()));
        for (var field : wrong.entrySet()) {
            for (Object value : field.getValue()) {
                var body = new LinkedHashMap<String, Object>(validCreate());
                body.put(field.getKey(), value);
                out.accept(request(
                                field.getKey() + "=" + abbreviate(String.valueOf(value)),
                                "POST",
                                path,
                                token,
                                json(body))
                        .expect(400, "invalid_payload")
                        .detail(field.getKey()));
            }
        }
        for (String required : List.of("title", "scheduledStart", "durationMinutes")) {
            var nulled = new LinkedHashMap<String, Object>(validCreate());
            nulled.put(required, null);
            out.accept(request(required + "=null", "POST", path, token, json(nulled))
                    .expect(400, "invalid_payload")
                    .detail(required));
            var missing = new LinkedHashMap<String, Object>(validCreate());
            missing.remove(required);
            out.accept(request("no " + required, "POST", path, token, json(missing))
                    .expect(400, "invalid_payload")
                    .detail(required));
        }
        for (String unknown : List.of("hostId", "status", "id", "agoraChannel", "Title")) {
            var body = new LinkedHashMap<String, Object>(validCreate());
            body.put(unknown, unknown.equals("status") ? "live" : 1);
            out.accept(request("unknown field " + unknown, "POST", path, token, json(body))
                    .expect(400, "invalid_payload")
                    .detail(unknown));
        }
        // characters PostgreSQL cannot store in text: refused as input, not as a database failure
        var nul = new LinkedHashMap<String, Object>(validCreate());
        nul.put("title", "a\u0000b");
        out.accept(request("NUL in title", "POST", path, token, json(nul))
                .expect(400, "invalid_payload")
                .detail("NUL"));
        var nulDescription = new LinkedHashMap<String, Object>(validCreate());
        nulDescription.put("description", "\u0000");
        out.accept(request("NUL in description", "POST", path, token, json(nulDescription))
                .expect(400, "invalid_payload")
                .detail("NUL"));
        // over the 64 KiB body cap
        var huge = new LinkedHashMap<String, Object>(validCreate());
        huge.put("description", "d".repeat(BODY_CAP + 10));
        out.accept(request("body over 64 KiB", "POST", path, token, json(huge)).expect(413, "payload_too_large"));
        out.accept(request("body over 64 KiB", "POST", path, token, json(huge))
                .streamed()
                .expect(413, "payload_too_large"));
        out.accept(request(
                        "whitespace over 64 KiB",
                        "POST",
                        path,
                        token,
                        (" ".repeat(BODY_CAP) + "{}").getBytes(StandardCharsets.UTF_8))
                .expect(413, "payload_too_large"));
    }

    /** POST /api/workshops/{id}/invites. */
    private void inviteBodyCases(Consumer<Case> out) {
        String path = "/api/workshops/" + workshopId + "/invites";
        String token = host.token();
        malformed(path, token, out);
        List<Object> wrong = new ArrayList<>(List.of(
                "1",
                1,
                Map.of(),
                Map.of("a", 1),
                List.of(),
                List.of(0),
                List.of(-1),
                List.of(4_294_967_296L),
                List.of("a"),
                List.of(1.5),
                List.of(true),
                List.of(List.of(1)),
                List.of(Map.of()),
                List.of(new java.math.BigInteger("99999999999999999999")),
                IntStream.rangeClosed(1, 501).mapToObj(i -> (Object) (long) i).toList()));
        wrong.add(java.util.Arrays.asList(1L, null));
        for (Object value : wrong) {
            var body = new LinkedHashMap<String, Object>();
            body.put("userIds", value);
            out.accept(request("userIds=" + abbreviate(String.valueOf(value)), "POST", path, token, json(body))
                    .expect(400, "invalid_payload")
                    .detail("userIds"));
        }
        var nulled = new LinkedHashMap<String, Object>();
        nulled.put("userIds", null);
        out.accept(request("userIds=null", "POST", path, token, json(nulled))
                .expect(400, "invalid_payload")
                .detail("userIds"));
        out.accept(request("no userIds", "POST", path, token, json(Map.of()))
                .expect(400, "invalid_payload")
                .detail("userIds"));
        out.accept(request(
                        "unknown field",
                        "POST",
                        path,
                        token,
                        json(Map.of("userIds", List.of(newUserId()), "message", "hi")))
                .expect(400, "invalid_payload")
                .detail("message"));
        List<Long> many =
                IntStream.range(0, 12_000).mapToObj(i -> 1_000_000_000L + i).toList();
        out.accept(request("body over 64 KiB", "POST", path, token, json(Map.of("userIds", many)))
                .expect(413, "payload_too_large"));
    }

    /** POST /api/dev/login (no token needed: it makes one). */
    private void devLoginBodyCases(Consumer<Case> out) {
        String path = "/api/dev/login";
        malformed(path, null, out);
        Map<String, List<Object>> wrong = new LinkedHashMap<>();
        wrong.put(
                "userId",
                List.of(
                        0,
                        -1,
                        4_294_967_296L,
                        4_294_967_295L,
                        JwtVerifier.MAX_USER_ID + 1,
                        "7",
                        7.5,
                        true,
                        List.of(7),
                        Map.of(),
                        new java.math.BigInteger("99999999999999999999")));
        wrong.put("name", List.of("", "   ", "n".repeat(201), 42, true, List.of("n"), Map.of()));
        wrong.put("picture", List.of(42, List.of(), Map.of(), "p".repeat(2001)));
        for (var field : wrong.entrySet()) {
            for (Object value : field.getValue()) {
                var body = new LinkedHashMap<String, Object>(Map.of("userId", newUserId(), "name", "Ada"));
                body.put(field.getKey(), value);
                out.accept(request(
                                field.getKey() + "=" + abbreviate(String.valueOf(value)),
                                "POST",
                                path,
                                null,
                                json(body))
                        .expect(400, "invalid_payload")
                        .detail(field.getKey()));
            }
        }
        for (String required : List.of("userId", "name")) {
            var nulled = new LinkedHashMap<String, Object>(Map.of("userId", newUserId(), "name", "Ada"));
            nulled.put(required, null);
            out.accept(request(required + "=null", "POST", path, null, json(nulled))
                    .expect(400, "invalid_payload")
                    .detail(required));
            nulled.remove(required);
            out.accept(request("no " + required, "POST", path, null, json(nulled))
                    .expect(400, "invalid_payload")
                    .detail(required));
        }
        out.accept(request(
                        "unknown field",
                        "POST",
                        path,
                        null,
                        json(Map.of("userId", newUserId(), "name", "Ada", "role", "admin")))
                .expect(400, "invalid_payload")
                .detail("role"));
        out.accept(request(
                        "body over 64 KiB",
                        "POST",
                        path,
                        null,
                        json(Map.of("userId", newUserId(), "name", "n".repeat(BODY_CAP))))
                .expect(413, "payload_too_large"));
    }

    /** Bodies that are not JSON, or not the JSON object the endpoint takes. */
    private void malformed(String path, String token, Consumer<Case> out) {
        List<String> bodies = List.of(
                "",
                "{",
                "}",
                "not json",
                "{\"title\":}",
                "{\"a\":1,}",
                "[",
                "\"",
                "null",
                "[]",
                "[{}]",
                "42",
                "\"a string\"",
                "true",
                "{'title':'x'}",
                "{\"a\":1}{",
                "{\"a\": NaN}",
                "{\"a\": /* c */ 1}",
                "{\"a\":\"\\x\"}",
                "{\"a\":\"\\ud800\"}",
                "[".repeat(3000) + "]".repeat(3000),
                "{\"a\":" + "9".repeat(5000) + "}",
                "{\"" + "k".repeat(60_000) + "\":1}");
        for (String body : bodies) {
            out.accept(
                    request("malformed " + abbreviate(body), "POST", path, token, body.getBytes(StandardCharsets.UTF_8))
                            .expect(400, "invalid_payload"));
        }
        byte[] badUtf8 = {'{', '"', 't', 'i', 't', 'l', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        out.accept(request("invalid UTF-8", "POST", path, token, badUtf8).expect(400, "invalid_payload"));
        out.accept(request("no body", "POST", path, token, null)
                .header("Content-Type", JSON_TYPE)
                .expect(400, "invalid_payload"));
    }

    /** Bodies that are not JSON at all, answers the client cannot take. */
    private void mediaTypeCases(Consumer<Case> out) {
        byte[] body = createBody(Map.of());
        for (String type : List.of(
                "text/plain",
                "application/xml",
                "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x")) {
            out.accept(request("content type " + type, "POST", "/api/workshops", host.token(), body)
                    .header("Content-Type", type)
                    .expect(415, "unsupported_media_type"));
        }
        out.accept(request("no content type", "POST", "/api/workshops", host.token(), body)
                .header("Content-Type", "")
                .expect(415, "unsupported_media_type"));
        out.accept(request("accept xml", "GET", "/api/workshops/" + workshopId, host.token(), null)
                .header("Accept", "application/xml")
                .expect(406, "not_acceptable"));
    }

    /** Unknown paths (404) and known paths with the wrong method (405), with and without a token. */
    private void routingCases(Consumer<Case> out) {
        String w = "/api/workshops/" + workshopId;
        for (String token : new String[] {host.token(), null}) {
            for (String path : List.of(
                    "/api/nope",
                    "/api",
                    "/api/workshops/" + workshopId + "/nope",
                    w + "/rsvp/extra",
                    w + "/promote",
                    "/api/videos/abc/chat/x",
                    "/nope",
                    "/api/workshops/1/2/3",
                    "/api/dev")) {
                out.accept(request("unknown path", "GET", path, token, null).expect(404, "not_found"));
                out.accept(request("unknown path", "POST", path, token, null).expect(404, "not_found"));
            }
            for (String call : List.of(
                    "PUT " + w,
                    "DELETE " + w,
                    "PUT /api/workshops",
                    "DELETE /api/workshops",
                    "PATCH " + w + "/rsvp",
                    "PUT " + w + "/rsvp",
                    "GET " + w + "/start",
                    "GET " + w + "/end",
                    "DELETE " + w + "/cancel",
                    "GET " + w + "/invites",
                    "GET " + w + "/rsvp",
                    "POST " + w + "/chat",
                    "POST " + w + "/attendance",
                    "GET /api/dev/login",
                    "PUT /api/dev/login",
                    "POST /api/notifications",
                    "DELETE /api/notifications",
                    "GET /api/notifications/1/read",
                    "DELETE /api/notifications/1/read")) {
                String[] parts = call.split(" ");
                out.accept(
                        request("wrong method", parts[0], parts[1], token, null).expect(405, "method_not_allowed"));
            }
        }
    }

    // --- the endpoints -------------------------------------------------------------------------------

    /** Every endpoint that needs a caller, with otherwise valid input. */
    private List<Case> authenticatedEndpoints() {
        String w = "/api/workshops/" + workshopId;
        return List.of(
                request("", "POST", "/api/workshops", null, createBody(Map.of())),
                request("", "GET", "/api/workshops?status=live,lobby&limit=50", null, null),
                request("", "GET", w, null, null),
                request("", "POST", w + "/rsvp", null, null),
                request("", "DELETE", w + "/rsvp", null, null),
                request("", "POST", w + "/invites", null, json(Map.of("userIds", List.of(newUserId())))),
                request("", "POST", w + "/start", null, null),
                request("", "POST", w + "/end", null, null),
                request("", "POST", w + "/cancel", null, null),
                request("", "GET", w + "/chat?afterId=0&limit=10", null, null),
                request("", "GET", w + "/attendance", null, null),
                request("", "GET", "/api/notifications?unread=true", null, null),
                request("", "POST", "/api/notifications/1/read", null, null));
    }

    private static List<String> idPaths() {
        return List.of(
                "GET /api/workshops/{id}",
                "POST /api/workshops/{id}/rsvp",
                "DELETE /api/workshops/{id}/rsvp",
                "POST /api/workshops/{id}/invites",
                "POST /api/workshops/{id}/start",
                "POST /api/workshops/{id}/end",
                "POST /api/workshops/{id}/cancel",
                "GET /api/workshops/{id}/chat",
                "GET /api/workshops/{id}/attendance",
                "POST /api/notifications/{id}/read");
    }

    // --- checking one case ------------------------------------------------------------------------

    private void check(Case c) {
        Reply r = send(c);
        JsonNode body = r.json();
        assertAll(
                c.toString(),
                () -> assertThat(r.status).as("4xx, never 5xx: %s", r).isBetween(400, 499),
                () -> {
                    if (c.status() != 0) {
                        assertThat(r.status).as("status: %s", r).isEqualTo(c.status());
                    }
                },
                () -> assertThat(r.contentType).as("content type: %s", r).startsWith("application/problem+json"),
                () -> assertThat(body.path("code").asString(""))
                        .as("code: %s", r)
                        .isIn(CODES),
                () -> {
                    if (c.code() != null) {
                        assertThat(body.path("code").asString(""))
                                .as("code: %s", r)
                                .isEqualTo(c.code());
                    }
                },
                () -> assertThat(body.path("status").asInt())
                        .as("problem status member: %s", r)
                        .isEqualTo(r.status),
                () -> {
                    if ("invalid_payload".equals(body.path("code").asString(""))) {
                        String detail = body.path("detail").asString("");
                        assertThat(detail)
                                .as("an informative detail: %s", r)
                                .isNotBlank()
                                .doesNotContain("Failed to read request")
                                .doesNotContain("Exception");
                        if (c.detail() != null) {
                            assertThat(detail + " " + body.path("errors"))
                                    .as("detail names the field: %s", r)
                                    .contains(c.detail());
                        }
                    }
                });
    }

    record Reply(int status, String contentType, String body) {
        JsonNode json() {
            try {
                return body == null || body.isEmpty() ? JSON.missingNode() : JSON.readTree(body);
            } catch (RuntimeException e) {
                return JSON.missingNode();
            }
        }

        @Override
        public String toString() {
            return status + " " + contentType + " " + abbreviate(body);
        }
    }

    private Reply send(Case c) {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + c.path()))
                .timeout(Duration.ofSeconds(30));
        c.headers().forEach((name, value) -> {
            if (!value.isEmpty()) {
                request.header(name, value);
            }
        });
        HttpRequest.BodyPublisher publisher;
        if (c.body() == null) {
            publisher = HttpRequest.BodyPublishers.noBody();
        } else if (c.chunked()) {
            publisher = HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(c.body()));
        } else {
            publisher = HttpRequest.BodyPublishers.ofByteArray(c.body());
        }
        request.method(c.method(), publisher);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(c.toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // --- building requests ------------------------------------------------------------------------

    private Case get(String name, String path) {
        return request(name, "GET", path, host.token(), null);
    }

    private static Case request(String name, String method, String path, String token, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (token != null) {
            headers.put("Authorization", "Bearer " + token);
        }
        if (body != null) {
            headers.put("Content-Type", JSON_TYPE);
        }
        return new Case(name, method, path, headers, body, false, 0, null, null);
    }

    private static Case named(Case c, String name) {
        return new Case(
                name, c.method(), c.path(), c.headers(), c.body(), c.chunked(), c.status(), c.code(), c.detail());
    }

    private Map<String, Object> validCreate() {
        var body = new LinkedHashMap<String, Object>();
        body.put("title", "A workshop");
        body.put("description", "About things");
        body.put("scheduledStart", clock.instant().plus(Duration.ofDays(1)).toString());
        body.put("durationMinutes", 60);
        body.put("isPrivate", false);
        body.put("maxAttendees", 10);
        body.put("categoryId", 3);
        body.put("admission", "waiting_room");
        body.put("qaMode", "moderated");
        body.put("qaAnonymous", true);
        return body;
    }

    private byte[] createBody(Map<String, Object> overrides) {
        var body = new LinkedHashMap<>(validCreate());
        body.putAll(overrides);
        return json(body);
    }

    private static byte[] json(Object value) {
        return Api.json(value).getBytes(StandardCharsets.UTF_8);
    }

    private static JWTClaimsSet claims(String sub, Instant expires) {
        return new JWTClaimsSet.Builder()
                .subject(sub)
                .claim("name", "Mallory")
                .expirationTime(Date.from(expires))
                .build();
    }

    private static String sign(JWTClaimsSet claims, JWSAlgorithm alg) {
        try {
            var jwt = new SignedJWT(new JWSHeader(alg), claims);
            // HS512 needs a 64-byte key: the test secret twice over
            String secret = alg.equals(JWSAlgorithm.HS256) ? Tokens.SECRET : Tokens.SECRET + Tokens.SECRET;
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A properly signed token whose header was then switched to {@code alg: none}. */
    private static String noneAlgWithSignature(long uid, Instant expires) {
        String[] parts =
                sign(claims(Long.toString(uid), expires), JWSAlgorithm.HS256).split("\\.");
        String header = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        return header + "." + parts[1] + "." + parts[2];
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "null";
        }
        String oneLine = s.replace("\u0000", "\\0").replace("\n", " ");
        return oneLine.length() > 60 ? oneLine.substring(0, 60) + "…(" + oneLine.length() + ")" : oneLine;
    }
}
