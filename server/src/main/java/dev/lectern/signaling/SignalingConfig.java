package dev.lectern.signaling;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The executor socket events run on: netty-socketio calls listeners on its I/O threads, which must never block. */
@Configuration(proxyBeanMethods = false)
class SignalingConfig {

    /** Virtual threads: every event blocks on JDBC, and the connection pool is the real limit. */
    @Bean(destroyMethod = "close")
    ExecutorService signalingExecutor() {
        return Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("signaling-", 0).factory());
    }
}
