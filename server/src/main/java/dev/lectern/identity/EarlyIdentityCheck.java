package dev.lectern.identity;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

/**
 * Checks the JWT settings as soon as the configuration is known, before the database and every
 * other bean: production without a key must fail with that one line, not with whatever breaks first.
 */
class EarlyIdentityCheck implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        Environment env = event.getEnvironment();
        String url = env.getProperty("spring.datasource.url", "");
        IdentityConfig.requireKeys(
                env.getProperty("lectern.identity.jwt-secret"),
                env.getProperty("lectern.identity.jwks-uri"),
                url.startsWith("jdbc:h2:"));
    }
}
