package dev.lectern.identity;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param jwtSecret HS256 key, at least 32 bytes; blank in development means "generate one"
 * @param jwksUri alternatively, a JWKS endpoint for RS256/ES256 tokens
 * @param devLogin null means the default: on in the embedded deployment only
 * @param allowedOrigins Origins accepted by CORS and the Socket.IO handshake
 */
@ConfigurationProperties("lectern.identity")
public record IdentitySettings(String jwtSecret, String jwksUri, Boolean devLogin, List<String> allowedOrigins) {

    public IdentitySettings {
        allowedOrigins = allowedOrigins == null
                ? List.of()
                : allowedOrigins.stream()
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .toList();
    }
}
