package dev.lectern.identity;

import dev.lectern.system.ErrorCode;
import dev.lectern.system.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a cross-origin request from an origin not in {@code LECTERN_ALLOWED_ORIGINS}, preflight or not,
 * with 403 problem+json {@code forbidden} (Spring's own CORS check answers a bare 403 "Invalid CORS
 * request"). Allowed origins go on to Spring's CORS handling ({@link IdentityWebConfig}), which echoes
 * the origin, never {@code *}. A same-origin request (the served room page's own calls; browsers send
 * Origin on its POSTs and module scripts) is not cross-origin and passes.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class CorsRefusalFilter extends OncePerRequestFilter {

    private final Set<String> allowed;

    CorsRefusalFilter(IdentitySettings settings) {
        this.allowed = settings.allowedOrigins().stream()
                .map(CorsRefusalFilter::normalise)
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String origin = request.getHeader("Origin");
        if (origin != null && !sameOrigin(origin, request) && !allowed.contains(normalise(origin))) {
            Problems.write(
                    response,
                    HttpStatus.FORBIDDEN,
                    ErrorCode.FORBIDDEN.wire(),
                    "cross-origin requests are accepted only from LECTERN_ALLOWED_ORIGINS");
            return;
        }
        chain.doFilter(request, response);
    }

    /** The origin names the host (and port) this request was sent to. */
    private static boolean sameOrigin(String origin, HttpServletRequest request) {
        String host = request.getHeader("Host");
        if (host == null) {
            return false;
        }
        String o = normalise(origin);
        int scheme = o.indexOf("://");
        if (scheme < 0) {
            return false; // "null" (sandboxed frames, file:) and junk are never the same origin
        }
        String authority = o.substring(scheme + 3);
        String h = host.toLowerCase(Locale.ROOT);
        return authority.equals(h)
                || authority.equals(withDefaultPort(h, o.substring(0, scheme)))
                || withDefaultPort(authority, o.substring(0, scheme)).equals(h);
    }

    private static String withDefaultPort(String authority, String scheme) {
        if (authority.endsWith("]") || authority.lastIndexOf(':') < 0) {
            return authority + (scheme.equals("https") ? ":443" : ":80");
        }
        return authority;
    }

    private static String normalise(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }
}
