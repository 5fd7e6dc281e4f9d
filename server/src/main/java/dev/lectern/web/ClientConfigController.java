package dev.lectern.web;

import dev.lectern.rtc.AgoraSettings;
import dev.lectern.signaling.SocketServer;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/client-config}: what a browser needs before it can connect. Public, because the
 * page asks before anyone has logged in; it reveals nothing a client would not learn by connecting.
 */
@RestController
class ClientConfigController {

    private final SocketServer socketServer;
    private final AgoraSettings agora;
    private final WebSettings settings;

    ClientConfigController(SocketServer socketServer, AgoraSettings agora, WebSettings settings) {
        this.socketServer = socketServer;
        this.agora = agora;
        this.settings = settings;
    }

    /**
     * @param socketUrl the Socket.IO base URL when one is configured, else null: then the client
     *     uses its own host name with {@code socketPort}
     * @param socketPort the port the Socket.IO server is bound to (the real one when configured as 0)
     * @param rtcConfigured whether the token endpoint can issue Agora tokens (false: it answers 503)
     */
    record ClientConfig(String socketUrl, int socketPort, boolean rtcConfigured) {}

    @GetMapping("/api/client-config")
    ResponseEntity<ClientConfig> clientConfig() {
        var body = new ClientConfig(settings.socketUrl(), socketServer.port(), agora.tokensConfigured());
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(body);
    }
}
