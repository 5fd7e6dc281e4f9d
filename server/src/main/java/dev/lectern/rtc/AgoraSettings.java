package dev.lectern.rtc;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The Agora project. Blank values mean "not configured": no tokens (503) without app id and
 * certificate, no recording without the REST customer credentials.
 *
 * @param tokenTtlSeconds RTC token lifetime, 1..86400
 */
@ConfigurationProperties("lectern.agora")
public record AgoraSettings(
        String appId,
        String appCertificate,
        String customerId,
        String customerSecret,
        String apiBaseUrl,
        int tokenTtlSeconds) {

    public AgoraSettings {
        if (tokenTtlSeconds < 1 || tokenTtlSeconds > 86_400) {
            throw new IllegalArgumentException("LECTERN_TOKEN_TTL_SECONDS must be 1..86400, was " + tokenTtlSeconds);
        }
    }

    public boolean tokensConfigured() {
        return present(appId) && present(appCertificate);
    }

    public boolean restConfigured() {
        return present(appId) && present(customerId) && present(customerSecret);
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }
}
