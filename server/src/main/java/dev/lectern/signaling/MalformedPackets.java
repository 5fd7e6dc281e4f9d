package dev.lectern.signaling;

import dev.lectern.socketio.EngineConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Packets the protocol cannot decode (the server has already closed that connection, as the
 * protocol says): counted in {@code lectern_socket_malformed_packets_total{kind}} and logged at most
 * once a minute per kind, one line with the count since the last, never a stack trace. A flood of
 * garbage from anyone must not fill the disk.
 */
@org.springframework.stereotype.Component
class MalformedPackets implements EngineConfig.MalformedPackets {

    static final Duration LOG_EVERY = Duration.ofMinutes(1);
    private static final Logger log = LoggerFactory.getLogger(MalformedPackets.class);

    private record Kind(Counter counter, AtomicLong nextLog, AtomicLong unlogged) {}

    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, Kind> kinds = new ConcurrentHashMap<>();

    MalformedPackets(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    @Override
    public void malformed(String kind, String address, String detail) {
        Kind k = kinds.computeIfAbsent(
                kind,
                name -> new Kind(
                        Counter.builder("lectern.socket.malformed.packets")
                                .tag("kind", name)
                                .description("Socket.IO / Engine.IO packets the protocol cannot decode")
                                .register(registry),
                        new AtomicLong(Long.MIN_VALUE),
                        new AtomicLong()));
        k.counter().increment();
        long unlogged = k.unlogged().incrementAndGet();
        long now = clock.millis();
        long next = k.nextLog().get();
        if (now >= next && k.nextLog().compareAndSet(next, now + LOG_EVERY.toMillis())) {
            long count = k.unlogged().getAndSet(0);
            log.info(
                    "malformed socket packets ({}): {} since the last line; latest from {}: {} (next line in {} s at the earliest)",
                    kind,
                    Math.max(count, unlogged > 0 ? 1 : 0),
                    address,
                    shorten(detail),
                    LOG_EVERY.toSeconds());
        }
    }

    long count(String kind) {
        Kind k = kinds.get(kind);
        return k == null ? 0 : (long) k.counter().count();
    }

    private static String shorten(String detail) {
        return detail == null ? "" : detail.length() > 120 ? detail.substring(0, 120) + "…" : detail;
    }

    @Override
    public String toString() {
        return "malformed packets since " + Instant.now(clock);
    }
}
