package dev.lectern.signaling;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The executor socket events run on: the socket server calls listeners on its Netty event loops, which must never block. */
@Configuration(proxyBeanMethods = false)
class SignalingConfig {

    /** Virtual threads: every event blocks on JDBC, and the connection pool is the real limit. */
    @Bean(destroyMethod = "close")
    ExecutorService signalingExecutor() {
        return Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("signaling-", 0).factory());
    }

    /** Times the presence batches of big rooms; it only queues work, so one thread is plenty. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService presenceTimer() {
        return Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("presence-timer").daemon().factory());
    }
}
