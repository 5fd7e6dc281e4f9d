package dev.lectern.rtc;

import dev.lectern.system.LecternException.InvalidState;
import dev.lectern.system.LecternException.RtcNotConfigured;
import dev.lectern.workshop.Access;
import dev.lectern.workshop.Membership;
import dev.lectern.workshop.Memberships;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * RTC tokens scoped to what the caller may do in the channel: publisher for host, co-hosts and
 * approved speakers, subscriber for everyone else. The role is decided when the token is issued, so
 * a newly approved speaker gets publishing rights with their next token.
 */
@Service
public class TokenIssuer {

    private final Memberships memberships;
    private final AgoraSettings settings;
    private final RtcTokens tokens;
    private final SecureRandom salts = new SecureRandom();
    private final Clock clock;

    TokenIssuer(Memberships memberships, AgoraSettings settings, Clock clock) {
        this.memberships = memberships;
        this.settings = settings;
        this.tokens = new RtcTokens();
        this.clock = clock;
    }

    /** The answer of {@code GET /api/workshops/{id}/token}. */
    public record RtcToken(String appId, String channel, long uid, String token, String role, Instant expiresAt) {
    }

    @Transactional(readOnly = true)
    public RtcToken issue(long workshopId, long userId) {
        Membership m = memberships.require(workshopId, userId, Access.MEMBER, "get a media token");
        if (!m.workshop().status().isOpen()) {
            throw new InvalidState("media tokens exist only while the workshop is in its lobby or live (it is "
                    + m.workshop().status().wire() + ")");
        }
        if (!settings.tokensConfigured()) {
            throw new RtcNotConfigured();
        }
        RtcRole role = m.canPublish() ? RtcRole.PUBLISHER : RtcRole.SUBSCRIBER;
        long issuedAt = clock.instant().getEpochSecond();
        String token = tokens.build(settings.appId(), settings.appCertificate(), m.workshop().agoraChannel(), userId, role,
                settings.tokenTtlSeconds(), issuedAt, salts.nextInt());
        return new RtcToken(settings.appId(), m.workshop().agoraChannel(), userId, token,
                role == RtcRole.PUBLISHER ? "publisher" : "subscriber",
                Instant.ofEpochSecond(issuedAt + settings.tokenTtlSeconds()));
    }
}
