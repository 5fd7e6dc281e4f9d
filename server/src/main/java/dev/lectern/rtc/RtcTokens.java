package dev.lectern.rtc;

import dev.lectern.system.UserId;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Issues RTC tokens for a channel, as Agora's {@code RtcTokenBuilder2.buildTokenWithUid} does: the
 * token and every privilege of the role last {@code ttlSeconds} from issue. Thread-safe.
 */
public final class RtcTokens {

    /** Agora caps each privilege at 24 h, and a longer token would outlive any workshop anyway. */
    static final int MAX_TTL_SECONDS = 86_400;

    private final SecureRandom random;

    public RtcTokens() {
        this(new SecureRandom());
    }

    RtcTokens(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random == null");
    }

    /** Issued now by {@code clock}, with a fresh random salt so two tokens issued in the same second differ. */
    public String build(
            String appId, String appCertificate, String channel, long uid, RtcRole role, int ttlSeconds, Clock clock) {
        Objects.requireNonNull(clock, "clock == null");
        return build(
                appId,
                appCertificate,
                channel,
                uid,
                role,
                ttlSeconds,
                clock.instant().getEpochSecond(),
                random.nextInt());
    }

    /**
     * @param uid 1..4294967295; 0 is Agora's wildcard (any uid may join with the token), for tools only
     * @param salt any 32-bit value; it is signed in as its unsigned bit pattern
     */
    public String build(
            String appId,
            String appCertificate,
            String channel,
            long uid,
            RtcRole role,
            int ttlSeconds,
            long issueTsEpochSeconds,
            int salt) {
        if (!UserId.isAgoraUid(uid)) {
            throw new IllegalArgumentException("uid must be in 0.." + UserId.MAX_AGORA_UID + ", was " + uid);
        }
        return buildForAccount(
                appId,
                appCertificate,
                channel,
                uid == 0 ? "" : Long.toString(uid),
                role,
                ttlSeconds,
                issueTsEpochSeconds,
                salt);
    }

    /**
     * A string user account instead of an int uid (Agora's buildTokenWithUserAccount). Lectern joins
     * with numeric uids, so this stays package-private; uid 2882341273 and account "2882341273" give
     * the same token.
     */
    String buildForAccount(
            String appId,
            String appCertificate,
            String channel,
            String account,
            RtcRole role,
            int ttlSeconds,
            long issueTsEpochSeconds,
            int salt) {
        Objects.requireNonNull(channel, "channel == null");
        Objects.requireNonNull(account, "account == null");
        Objects.requireNonNull(role, "role == null");
        if (ttlSeconds < 1 || ttlSeconds > MAX_TTL_SECONDS) {
            throw new IllegalArgumentException("ttlSeconds must be in 1..86400, was " + ttlSeconds);
        }
        SortedMap<Integer, Long> privileges = new TreeMap<>();
        role.privileges().forEach(privilege -> privileges.put(privilege, (long) ttlSeconds));
        TokenService rtc = new TokenService.Rtc(channel, account, privileges);
        return AccessToken2.build(appId, appCertificate, issueTsEpochSeconds, ttlSeconds, salt, List.of(rtc));
    }
}
