package dev.lectern.system;

import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.util.Collections;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Who is really calling on the HTTP port: the client address and whether the request came over TLS,
 * believing {@code X-Forwarded-For} / {@code X-Forwarded-Proto} only from {@code LECTERN_TRUSTED_PROXIES}.
 */
@Component
public class HttpEdge {

    private final TrustedProxies proxies;

    HttpEdge(@Value("${lectern.http.trusted-proxies:}") String trustedProxies) {
        try {
            this.proxies = TrustedProxies.parse(trustedProxies);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationProblem(
                    "LECTERN_TRUSTED_PROXIES: " + e.getMessage(),
                    "List the reverse proxies' addresses or CIDR blocks, separated by commas (e.g. 127.0.0.1,10.0.0.0/8).");
        }
    }

    public TrustedProxies proxies() {
        return proxies;
    }

    /** The client's address; null only if Tomcat reports a peer that is not an IP literal (it never does). */
    public InetAddress clientAddress(HttpServletRequest request) {
        InetAddress peer = TrustedProxies.literal(request.getRemoteAddr());
        if (peer == null) {
            return null;
        }
        List<String> forwarded = Collections.list(request.getHeaders("X-Forwarded-For"));
        return proxies.clientAddress(peer, forwarded);
    }

    public boolean isLoopback(HttpServletRequest request) {
        InetAddress client = clientAddress(request);
        return client != null && client.isLoopbackAddress();
    }

    /** Over TLS to us, or to a trusted proxy that says so with {@code X-Forwarded-Proto: https}. */
    public boolean isHttps(HttpServletRequest request) {
        if (request.isSecure()) {
            return true;
        }
        InetAddress peer = TrustedProxies.literal(request.getRemoteAddr());
        if (peer == null || !proxies.isTrusted(peer)) {
            return false;
        }
        String proto = request.getHeader("X-Forwarded-Proto");
        if (proto == null) {
            return false;
        }
        // a chain of proxies lists one value per hop; the first is what the client used
        String first = proto.split(",", 2)[0].trim();
        return first.equalsIgnoreCase("https");
    }
}
