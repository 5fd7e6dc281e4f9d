package dev.lectern.system;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Which way this server runs. The embedded default (H2 under ./data) is development: dev login on
 * and a throw-away JWT secret. Anything else is production and must be configured for real.
 */
@Component
public class Deployment {

    private final boolean embedded;

    Deployment(@Value("${spring.datasource.url}") String datasourceUrl) {
        this.embedded = datasourceUrl.startsWith("jdbc:h2:");
    }

    public boolean embedded() {
        return embedded;
    }
}
