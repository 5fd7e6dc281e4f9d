package dev.lectern.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.web.RoomPageConfig.PageFallbackResolver;
import org.junit.jupiter.api.Test;

class PageFallbackResolverTest {

    @Test
    void pageRoutesFallBackToTheIndex() {
        assertThat(PageFallbackResolver.isPageRoute("")).isTrue();
        assertThat(PageFallbackResolver.isPageRoute("workshops/7")).isTrue();
        assertThat(PageFallbackResolver.isPageRoute("anything/else")).isTrue();
    }

    @Test
    void serverPathsAndFilesNeverDo() {
        assertThat(PageFallbackResolver.isPageRoute("api/nope")).isFalse();
        assertThat(PageFallbackResolver.isPageRoute("api")).isFalse();
        assertThat(PageFallbackResolver.isPageRoute("actuator/nope")).isFalse();
        assertThat(PageFallbackResolver.isPageRoute("v3/api-docs/x")).isFalse();
        assertThat(PageFallbackResolver.isPageRoute("socket.io/")).isFalse();
        assertThat(PageFallbackResolver.isPageRoute("favicon.ico")).isFalse();
        assertThat(PageFallbackResolver.isPageRoute("assets/missing-abc.js")).isFalse();
    }
}
