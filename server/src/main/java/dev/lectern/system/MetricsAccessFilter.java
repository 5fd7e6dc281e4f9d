package dev.lectern.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code /actuator/prometheus} names every workshop's load and the node's internals. With
 * {@code LECTERN_METRICS_TOKEN} unset it answers loopback callers only (the client address as
 * {@link HttpEdge} derives it, so a trusted local proxy does not make every client "loopback"); with it
 * set, every caller, loopback too, must present {@code Authorization: Bearer <token>}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class MetricsAccessFilter extends OncePerRequestFilter {

    private static final String PATH = "/actuator/prometheus";

    private final HttpEdge edge;
    private final byte[] token;

    MetricsAccessFilter(HttpEdge edge, @Value("${lectern.http.metrics-token:}") String token) {
        this.edge = edge;
        this.token = token == null || token.isBlank() ? null : token.strip().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        // Tomcat has already normalised the path ("/actuator/./prometheus", "//actuator/prometheus")
        return !(path.equals(PATH) || path.startsWith(PATH + "/") || path.startsWith(PATH + ";"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (token != null) {
            String header = request.getHeader("Authorization");
            byte[] presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                    ? header.substring(7).strip().getBytes(StandardCharsets.UTF_8)
                    : new byte[0];
            if (!MessageDigest.isEqual(token, presented)) {
                response.setHeader("WWW-Authenticate", "Bearer");
                Problems.write(
                        response,
                        HttpStatus.UNAUTHORIZED,
                        ErrorCode.UNAUTHORIZED.wire(),
                        "the metrics need Authorization: Bearer with LECTERN_METRICS_TOKEN");
                return;
            }
        } else if (!edge.isLoopback(request)) {
            Problems.write(
                    response,
                    HttpStatus.FORBIDDEN,
                    ErrorCode.FORBIDDEN.wire(),
                    "the metrics are for loopback callers (set LECTERN_METRICS_TOKEN to scrape from elsewhere)");
            return;
        }
        chain.doFilter(request, response);
    }
}
