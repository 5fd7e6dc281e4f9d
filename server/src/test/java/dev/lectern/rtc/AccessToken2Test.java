package dev.lectern.rtc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/**
 * Official vectors (reference/agora.md §2A), byte for byte: AgoraIO/Tools
 * {@code DynamicKey/AgoraDynamicKey/java/src/test/java/io/agora/media/AccessToken2Test.java} and, for the
 * Go framing, {@code go/src/accesstoken2/accesstoken_test.go}.
 */
class AccessToken2Test {

    static final String APP_ID = "970CA35de60c44645bbae8a215061b33";
    static final String APP_CERTIFICATE = "5CFd2fd1755d40ecb72977518be15d3b";
    static final String CHANNEL = "7d72365eb983485397e3e3f9d460bdda";
    static final long ISSUE_TS = 1111111;
    static final int SALT = 1;
    static final long EXPIRE = 600;
    static final String UID = "2882341273";

    static final String RTC_TOKEN =
            "007eJxTYBBbsMMnKq7p9Hf/HcIX5kce9b518kCiQgSr5Zrp4X1Tu6UUGCzNDZwdjU1TUs0Mkk1MzExMk5ISUy0SjQxNDcwMk4yN3b8IMEQwMTAwMoAwBIL4CgzmKeZGxmamqUmWFsYmFqbGluapxqnGaZYpJmYGSSkpiVwMRhYWRsYmhkbmxgDCaiTj";
    static final String RTC_UID_0_TOKEN =
            "007eJxTYLhzZP08Lxa1Pg57+TcXb/3cZ3wi4V6kbpbOog0G2dOYk20UGCzNDZwdjU1TUs0Mkk1MzExMk5ISUy0SjQxNDcwMk4yN3b8IMEQwMTAwMoAwBIL4CgzmKeZGxmamqUmWFsYmFqbGluapxqnGaZYpJmYGSSkpiQwMADacImo=";
    static final String RTM_TOKEN =
            "007eJxTYOCdJftjyTM2zxW6Xhm/5T0j5LdcUt/xYVt48fb5Mp3PX9coMFiaGzg7GpumpJoZJJuYmJmYJiUlplokGhmaGpgZJhkbu38RYIhgYmBgZABhJiBmBPM5GUpSi0viS4tTiwBZVh6A";
    static final String MULTI_SERVICE_TOKEN =
            "007eJxTYPg19dsX8xO2Nys/bpSeoH/0j9CvSs1JWib9291PKC53l85UYLA0N3B2NDZNSTUzSDYxMTMxTUpKTLVINDI0NTAzTDI2dv8iwBDBxMDAyMDAwAwkWYAYxGcCk8xgkgVMKjCYp5gbGZuZpiZZWhibWJgaW5qnGqcap1mmmJgZJKWkJHIxGFlYGBmbGBqZGzMBzYGYxMlQklpcEl9anFrEChdEVgoAw6ct/Q==";
    static final String RTC_RTM_TOKEN =
            "007eJxTYOAQsrQ5s3TfH+1tvy8zZZ46EpCc0V43JXdGd2jS8porKo4KDJbmBs6OxqYpqWYGySYmZiamSUmJqRaJRoamBmaGScbG7l8EGCKYGBgYGRgYmIAkCxCD+ExgkhlMsoBJBQbzFHMjYzPT1CRLC2MTC1NjS/NU41TjNMsUEzODpJSURC4GIwsLI2MTQyNzY5BZEJM4GUpSi0viS4tTiwAipyp4";
    static final String RTC_TOKEN_GO_FRAMING =
            "007eJxSYBBbsMMnKq7p9Hf/HcIX5kce9b518kCiQgSr5Zrp4X1Tu6UUGCzNDZwdjU1TUs0Mkk1MzExMk5ISUy0SjQxNDcwMk4yN3b8IMEQwMTAwMoAwBIL4CgzmKeZGxmamqUmWFsYmFqbGluapxqnGaZYpJmYGSSkpiVwMRhYWRsYmhkbmxoAAAAD//8JqJOM=";
    static final String TRUNCATED_TOKEN = "007eJxTYLC/xv0i87343FLb46KrG9gPxT+Vj8pojqvt";

    @Test
    void buildsOfficialRtcVector() {
        assertThat(build(rtc(UID, 1))).isEqualTo(RTC_TOKEN);
    }

    @Test
    void buildsOfficialRtcVectorForWildcardUidZero() {
        assertThat(build(rtc("", 1))).isEqualTo(RTC_UID_0_TOKEN);
    }

    @Test
    void buildsOfficialRtcAccountVectorIdenticalToUid() {
        // build_ServiceRtc_account embeds the account "2882341273" as is: same bytes as the uid.
        assertThat(build(new TokenService.Rtc(CHANNEL, "2882341273", privileges(1))))
                .isEqualTo(RTC_TOKEN);
    }

    @Test
    void buildsOfficialRtmVector() {
        assertThat(build(new TokenService.Rtm("test_user", privileges(1)))).isEqualTo(RTM_TOKEN);
    }

    @Test
    void buildsOfficialMultiServiceVectorWhateverTheServiceOrder() {
        List<TokenService> services = List.of(
                new TokenService.Chat(UID, privileges(1)),
                rtc(UID, 1, 2, 3, 4),
                new TokenService.Rtm("test_user", privileges(1)));
        assertThat(AccessToken2.build(APP_ID, APP_CERTIFICATE, ISSUE_TS, EXPIRE, SALT, services))
                .isEqualTo(MULTI_SERVICE_TOKEN);
    }

    @Test
    void parsesOfficialMultiServiceVectorAndRebuildsItExactly() {
        ParsedToken parsed = AccessToken2.parse(RTC_RTM_TOKEN);

        assertThat(parsed.appId()).isEqualTo(APP_ID);
        assertThat(parsed.issueTs()).isEqualTo(ISSUE_TS);
        assertThat(parsed.expire()).isEqualTo(EXPIRE);
        assertThat(parsed.salt()).isEqualTo(SALT);
        assertThat(parsed.services())
                .containsExactly(rtc(UID, 1, 2, 3, 4), new TokenService.Rtm("test_user", privileges(1)));
        assertThat(parsed.verify(APP_CERTIFICATE)).isTrue();
        assertThat(AccessToken2.build(
                        APP_ID, APP_CERTIFICATE, parsed.issueTs(), parsed.expire(), parsed.salt(), parsed.services()))
                .isEqualTo(RTC_RTM_TOKEN);
    }

    @Test
    void parsesGoFramedTokenToTheSameFieldsAndSignatureAsJava() {
        ParsedToken go = AccessToken2.parse(RTC_TOKEN_GO_FRAMING);
        ParsedToken java = AccessToken2.parse(RTC_TOKEN);

        assertThat(go).isEqualTo(java);
        assertThat(go.signature()).isEqualTo(java.signature());
        assertThat(go.services()).containsExactly(rtc(UID, 1));
        assertThat(go.verify(APP_CERTIFICATE)).isTrue();
    }

    @Test
    void rejectsTruncatedOfficialNegativeVector() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> AccessToken2.parse(TRUNCATED_TOKEN))
                .withMessageStartingWith("malformed AccessToken2");
    }

    @Test
    void rejectsStringsThatAreNotTokens() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> AccessToken2.parse("006abc"))
                .withMessageContaining("not an AccessToken2");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> AccessToken2.parse("007***"))
                .withMessageContaining("invalid Base64");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> AccessToken2.parse("007aGVsbG8="))
                .withMessageContaining("not a zlib stream");
    }

    @Test
    void verifyFailsWithAnotherCertificate() {
        assertThat(AccessToken2.parse(RTC_TOKEN).verify("5CFd2fd1755d40ecb72977518be15d3c"))
                .isFalse();
    }

    @Test
    void derivesThePublishedIntermediateValues() throws DataFormatException {
        HexFormat hex = HexFormat.of();
        byte[] k1 = AccessToken2.hmac(ByteWriter.u32le(ISSUE_TS), APP_CERTIFICATE.getBytes(StandardCharsets.US_ASCII));

        assertThat(hex.formatHex(ByteWriter.u32le(ISSUE_TS))).isEqualTo("47f41000");
        assertThat(hex.formatHex(k1)).isEqualTo("e0f6141e54329d72102500478ec18e0020a5eeef53bbcccc442c6c2f7f178251");
        assertThat(hex.formatHex(AccessToken2.signingKey(APP_CERTIFICATE, ISSUE_TS, SALT)))
                .isEqualTo("cee2fa8dcbe868c30ca8c959d97fad4a5049c634da48449f1b8f59c14fa61073");
        assertThat(inflate(RTC_TOKEN)).hasSize(138);
        assertThat(hex.formatHex(AccessToken2.parse(RTC_TOKEN).signature()))
                .isEqualTo("16a0b84c5a5e82cbf74fb813d09f59c54bdac9c06120580539ac97578e958b1a");
    }

    @Test
    void refusesCredentialsThatAreNot32HexCharactersInsteadOfReturningEmpty() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> AccessToken2.build(
                        "not-an-app-id", APP_CERTIFICATE, ISSUE_TS, EXPIRE, SALT, List.of(rtc(UID, 1))))
                .withMessage("appId must be 32 hexadecimal characters");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> AccessToken2.build(
                        APP_ID, "5CFd2fd1755d40ecb72977518be15d3z", ISSUE_TS, EXPIRE, SALT, List.of(rtc(UID, 1))))
                .withMessage("appCertificate must be 32 hexadecimal characters");
    }

    @Test
    void refusesTheSameServiceTwice() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> build(rtc(UID, 1), rtc("", 1)))
                .withMessageContaining("appears twice");
    }

    static String build(TokenService... services) {
        return AccessToken2.build(APP_ID, APP_CERTIFICATE, ISSUE_TS, EXPIRE, SALT, List.of(services));
    }

    static TokenService.Rtc rtc(String uid, int... privilegeIds) {
        return new TokenService.Rtc(CHANNEL, uid, privileges(privilegeIds));
    }

    static SortedMap<Integer, Long> privileges(int... ids) {
        SortedMap<Integer, Long> privileges = new TreeMap<>();
        for (int id : ids) {
            privileges.put(id, EXPIRE);
        }
        return privileges;
    }

    private static byte[] inflate(String token) throws DataFormatException {
        Inflater inflater = new Inflater();
        inflater.setInput(Base64.getDecoder().decode(token.substring(3)));
        byte[] buffer = new byte[1024];
        int length = inflater.inflate(buffer);
        inflater.end();
        return Arrays.copyOf(buffer, length);
    }
}
