package dev.lectern.signaling;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param port Socket.IO port ({@code LECTERN_SOCKET_PORT}); 0 picks a free one (tests)
 * @param bindAddress address the port binds to ({@code LECTERN_BIND_ADDRESS})
 * @param chatRateLimit chat messages one user may send per 10 s in one workshop; 0 turns the limit off
 * @param eventRateLimit client events of any kind one socket may send per 10 s ({@code LECTERN_EVENT_RATE_LIMIT});
 *     0 turns the limit off (benchmarks)
 */
@ConfigurationProperties("lectern.signaling")
public record SignalingSettings(int port, String bindAddress, int chatRateLimit, int eventRateLimit) {

    public SignalingSettings {
        bindAddress = bindAddress == null || bindAddress.isBlank() ? "127.0.0.1" : bindAddress.trim();
        eventRateLimit = Math.max(0, eventRateLimit);
    }
}
