package dev.lectern.rtc;

import dev.lectern.system.LecternException.Forbidden;
import dev.lectern.system.LecternException.InvalidState;
import dev.lectern.system.LecternException.RtcNotConfigured;
import dev.lectern.system.LecternException.Waiting;
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
    public record RtcToken(String appId, String channel, long uid, String token, String role, Instant expiresAt) {}

    @Transactional(readOnly = true)
    public RtcToken issue(long workshopId, long userId) {
        return issue(workshopId, userId, false);
    }

    /** The backstage's suffix: a second channel of the workshop for its moderators, never recorded (CONTRACT §7.2). */
    public static final String BACKSTAGE = "-backstage";

    /**
     * The same, for the live channel or (moderators only) its backstage. A waiting-room user is refused
     * until admitted ({@code waiting}), a denied one {@code forbidden}.
     */
    @Transactional(readOnly = true)
    public RtcToken issue(long workshopId, long userId, boolean backstage) {
        Membership m = memberships.require(workshopId, userId, Access.MEMBER, "get a media token");
        if (backstage && !m.isModerator()) {
            throw new Forbidden("only the host, co-hosts and panelists may enter the backstage");
        }
        if (m.isDenied()) {
            throw new Forbidden("a moderator denied you entry to this workshop");
        }
        if (m.mustWait()) {
            throw new Waiting("wait until a moderator admits you");
        }
        if (!m.workshop().status().isOpen()) {
            throw new InvalidState("media tokens exist only while the workshop is in its lobby or live (it is "
                    + m.workshop().status().wire() + ")");
        }
        if (!settings.tokensConfigured()) {
            throw new RtcNotConfigured();
        }
        // everyone in the backstage publishes: it is where the speakers rehearse
        RtcRole role = backstage || m.canPublish() ? RtcRole.PUBLISHER : RtcRole.SUBSCRIBER;
        String channel = m.workshop().agoraChannel() + (backstage ? BACKSTAGE : "");
        long issuedAt = clock.instant().getEpochSecond();
        String token = tokens.build(
                settings.appId(),
                settings.appCertificate(),
                channel,
                userId,
                role,
                settings.tokenTtlSeconds(),
                issuedAt,
                salts.nextInt());
        return new RtcToken(
                settings.appId(),
                channel,
                userId,
                token,
                role == RtcRole.PUBLISHER ? "publisher" : "subscriber",
                Instant.ofEpochSecond(issuedAt + settings.tokenTtlSeconds()));
    }
}
