package dev.lectern.rtc;

import static dev.lectern.rtc.AccessToken2Test.APP_CERTIFICATE;
import static dev.lectern.rtc.AccessToken2Test.APP_ID;
import static dev.lectern.rtc.AccessToken2Test.CHANNEL;
import static dev.lectern.rtc.AccessToken2Test.ISSUE_TS;
import static dev.lectern.rtc.AccessToken2Test.RTC_TOKEN;
import static dev.lectern.rtc.AccessToken2Test.SALT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Derived vectors (reference/agora.md §2B: jar 2.1.3 with issueTs/salt fixed, privileges set as
 * RtcTokenBuilder2 sets them), plus field-by-field decoding of what we issue.
 */
class RtcTokensTest {

    static final long UID = 2_882_341_273L;
    static final String PUBLISHER_UID =
            "007eJxTYDhuGCT90E3Yo2+N3efJV5hX1K1MZAqae/Sa8UP9VXvOhfArMFiaGzg7GpumpJoZJJuYmJmYJiUlplokGhmaGpgZJhkbu38RYIhgYmBgZABhRgYWIAbxmcAkM5hkAZMKDOYp5kbGZqapSZYWxiYWpsaW5qnGqcZplikmZgZJKSmJXAxGFhZGxiaGRubGAKizJcs=";
    static final String PUBLISHER_UID_0 =
            "007eJxTYLi32Teo5m76Rq2Ntc2TPa3D5X7K31zkf1jo4waXA1V+/38qMFiaGzg7GpumpJoZJJuYmJmYJiUlplokGhmaGpgZJhkbu38RYIhgYmBgZABhRgYWIAbxmcAkM5hkAZMKDOYp5kbGZqapSZYWxiYWpsaW5qnGqcZplikmZgZJKSmJDAwAH8gliw==";
    static final String PUBLISHER_ACCOUNT =
            "007eJxTYHiS9uFSoYyl5jfXXqmi8CV6lkkfvyVmzr/Wdbton/6ZFBUFBktzA2dHY9OUVDODZBMTMxPTpKTEVItEI0NTAzPDJGNj9y8CDBFMDAyMDCDMyMACxCA+E5hkBpMsYFKBwTzF3MjYzDQ1ydLC2MTC1NjSPNU41TjNMsXEzCApJSWRk6EktbgkvrQ4tQgAHy0onw==";
    static final String SUBSCRIBER_ACCOUNT =
            "007eJxTYNjs+Vfjz7+dT2z6t67wyfpz5MjXL8tfvFlrGmz4QC1t+YR8BQZLcwNnR2PTlFQzg2QTEzMT06SkxFSLRCNDUwMzwyRjY/cvAgwRTAwMjAwgDIEgvgKDeYq5kbGZaWqSpYWxiYWpsaV5qnGqcZpliomZQVJKSiInQ0lqcUl8aXFqEQDDLCsq";

    final RtcTokens tokens = new RtcTokens();

    @Test
    void buildsPublisherTokenForUid() {
        assertThat(build(UID, RtcRole.PUBLISHER)).isEqualTo(PUBLISHER_UID);
    }

    @Test
    void buildsPublisherTokenForWildcardUidZero() {
        assertThat(build(0, RtcRole.PUBLISHER)).isEqualTo(PUBLISHER_UID_0);
    }

    @Test
    void buildsPublisherTokenForAccount() {
        assertThat(buildForAccount("test_user", RtcRole.PUBLISHER)).isEqualTo(PUBLISHER_ACCOUNT);
    }

    @Test
    void buildsSubscriberTokenForAccount() {
        assertThat(buildForAccount("test_user", RtcRole.SUBSCRIBER)).isEqualTo(SUBSCRIBER_ACCOUNT);
    }

    @Test
    void subscriberTokenForUidIsTheOfficialJoinOnlyVector() {
        assertThat(build(UID, RtcRole.SUBSCRIBER)).isEqualTo(RTC_TOKEN);
    }

    @Test
    void publisherTokenDecodesToChannelUidAllPrivilegesAndAValidSignature() {
        ParsedToken token = AccessToken2.parse(build(UID, RtcRole.PUBLISHER));

        assertThat(token.appId()).isEqualTo(APP_ID);
        assertThat(token.issueTs()).isEqualTo(ISSUE_TS);
        assertThat(token.expire()).isEqualTo(600);
        assertThat(token.salt()).isEqualTo(SALT);
        assertThat(token.services()).singleElement().isInstanceOfSatisfying(TokenService.Rtc.class, rtc -> {
            assertThat(rtc.channelName()).isEqualTo(CHANNEL);
            assertThat(rtc.uid()).isEqualTo("2882341273");
            assertThat(rtc.privileges())
                    .containsExactly(Map.entry(1, 600L), Map.entry(2, 600L), Map.entry(3, 600L), Map.entry(4, 600L));
        });
        assertThat(token.verify(APP_CERTIFICATE)).isTrue();
    }

    @Test
    void subscriberTokenDecodesToJoinPrivilegeOnly() {
        ParsedToken token = AccessToken2.parse(build(UID, RtcRole.SUBSCRIBER));

        assertThat(token.services()).singleElement().isInstanceOfSatisfying(TokenService.Rtc.class, rtc -> {
            assertThat(rtc.channelName()).isEqualTo(CHANNEL);
            assertThat(rtc.uid()).isEqualTo("2882341273");
            assertThat(rtc.privileges()).containsExactly(Map.entry(1, 600L));
        });
        assertThat(token.expire()).isEqualTo(600);
        assertThat(token.verify(APP_CERTIFICATE)).isTrue();
    }

    @Test
    void clockOverloadIssuesNowWithARandomSaltAndTheTtl() {
        Clock clock = Clock.fixed(Instant.parse("2026-05-01T10:00:00Z"), ZoneOffset.UTC);

        String first =
                tokens.build(APP_ID, APP_CERTIFICATE, "workshop-42", 4_294_967_295L, RtcRole.PUBLISHER, 3600, clock);
        String second =
                tokens.build(APP_ID, APP_CERTIFICATE, "workshop-42", 4_294_967_295L, RtcRole.PUBLISHER, 3600, clock);

        ParsedToken token = AccessToken2.parse(first);
        assertThat(token.issueTs()).isEqualTo(clock.instant().getEpochSecond());
        assertThat(token.expiresAt()).isEqualTo(clock.instant().plusSeconds(3600));
        assertThat(((TokenService.Rtc) token.services().get(0)).uid()).isEqualTo("4294967295");
        assertThat(token.verify(APP_CERTIFICATE)).isTrue();
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void rejectsTtlOutsideOneSecondToOneDay() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> build(UID, RtcRole.PUBLISHER, 0))
                .withMessageContaining("ttlSeconds");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> build(UID, RtcRole.PUBLISHER, 86_401))
                .withMessageContaining("ttlSeconds");
        assertThat(build(UID, RtcRole.PUBLISHER, 86_400)).startsWith("007");
    }

    @Test
    void rejectsUidOutsideUnsigned32Bits() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> build(-1, RtcRole.PUBLISHER))
                .withMessageContaining("uid");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> build(4_294_967_296L, RtcRole.PUBLISHER))
                .withMessageContaining("uid");
    }

    @Test
    void rejectsMalformedAppIdLoudly() {
        assertThatIllegalArgumentException()
                .isThrownBy(
                        () -> tokens.build("", APP_CERTIFICATE, CHANNEL, UID, RtcRole.PUBLISHER, 600, ISSUE_TS, SALT))
                .withMessage("appId must be 32 hexadecimal characters");
    }

    private String build(long uid, RtcRole role) {
        return build(uid, role, 600);
    }

    private String build(long uid, RtcRole role, int ttl) {
        return tokens.build(APP_ID, APP_CERTIFICATE, CHANNEL, uid, role, ttl, ISSUE_TS, SALT);
    }

    private String buildForAccount(String account, RtcRole role) {
        return tokens.buildForAccount(APP_ID, APP_CERTIFICATE, CHANNEL, account, role, 600, ISSUE_TS, SALT);
    }
}
