package dev.lectern.web;

import dev.lectern.signaling.SocketServer;
import dev.lectern.system.HttpEdge;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The HTTP port's security headers, in one place, on every response (API, room page, errors):
 * {@code X-Content-Type-Options: nosniff}, {@code Referrer-Policy: no-referrer} and a
 * Content-Security-Policy without inline script, {@code frame-ancestors 'none'}, whose
 * {@code connect-src} admits this server, its Socket.IO origin (as {@code GET /api/client-config} gives
 * it to the page) and the Agora SDK's domains. docs/security.md explains each directive.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class SecurityHeadersFilter extends OncePerRequestFilter {

    /**
     * Agora Web SDK: its gateways, edge nodes ({@code *.edge.agora.io}), statistics and logs, over HTTPS and
     * WebSocket. (The media itself flows over WebRTC, which connect-src does not govern.)
     */
    static final String AGORA = "https://*.agora.io wss://*.agora.io https://*.sd-rtn.com wss://*.sd-rtn.com "
            + "https://*.agoraio.cn wss://*.agoraio.cn";

    /** A Host header's name part we are willing to repeat in a header: a DNS name, IPv4 or bracketed IPv6. */
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}\\]");

    private final WebSettings settings;
    private final SocketServer socketServer;
    private final HttpEdge edge;

    SecurityHeadersFilter(WebSettings settings, SocketServer socketServer, HttpEdge edge) {
        this.settings = settings;
        this.socketServer = socketServer;
        this.edge = edge;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Content-Security-Policy", policy(request));
        chain.doFilter(request, response);
    }

    String policy(HttpServletRequest request) {
        return "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: https:; "
                + "media-src 'self' blob: https:; font-src 'self'; worker-src 'self' blob:; object-src 'none'; "
                + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'; connect-src 'self' "
                + socketOrigins(request) + AGORA;
    }

    /** Where the page's Socket.IO client connects: LECTERN_PUBLIC_SOCKET_URL, else this host on the socket port. */
    private String socketOrigins(HttpServletRequest request) {
        if (settings.socketUrl() != null) {
            try {
                URI uri = URI.create(settings.socketUrl());
                String authority = uri.getRawAuthority();
                boolean tls = "https".equalsIgnoreCase(uri.getScheme()) || "wss".equalsIgnoreCase(uri.getScheme());
                return (tls ? "https://" : "http://") + authority + " " + (tls ? "wss://" : "ws://") + authority + " ";
            } catch (IllegalArgumentException e) {
                return "";
            }
        }
        String host = request.getServerName();
        if (host == null || !HOST_NAME.matcher(host).matches()) {
            return "";
        }
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        boolean tls = edge.isHttps(request);
        String authority = host + ":" + socketServer.port();
        return (tls ? "https://" : "http://") + authority + " " + (tls ? "wss://" : "ws://") + authority + " ";
    }
}
