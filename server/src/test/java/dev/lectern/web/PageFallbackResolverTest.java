package dev.lectern.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.web.RoomPageConfig.PageFallbackResolver;
import org.junit.jupiter.api.Test;

class PageFallbackResolverTest {

    @Test
    void thePagesOwnRoutesFallBackToTheIndex() {
        for (String path : new String[] {"", "/", "workshops", "workshops/", "workshops/7", "workshops/7/"}) {
            assertThat(PageFallbackResolver.isPageRoute(path)).as(path).isTrue();
        }
    }

    @Test
    void everythingElseStaysA404() {
        for (String path : new String[] {
            "api/nope",
            "api",
            "actuator/nope",
            "v3/api-docs/x",
            "socket.io/",
            "nope",
            "favicon.ico",
            "assets/missing-abc.js",
            "workshops/abc",
            "workshops/7/extra",
            "workshops/-1"
        }) {
            assertThat(PageFallbackResolver.isPageRoute(path)).as(path).isFalse();
        }
    }
}
