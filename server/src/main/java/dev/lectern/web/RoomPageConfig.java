package dev.lectern.web;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.PathResourceResolver;

/**
 * Serves the room page from the jar's {@code static/}. A path that is no file there and looks like a
 * page route ({@code /workshops/7}) gets {@code index.html}, so a reload or a shared link works;
 * server paths ({@code /api/**}, {@code /actuator/**}…) never do, so an unknown API path stays a
 * problem+json 404.
 */
@Configuration(proxyBeanMethods = false)
class RoomPageConfig implements WebMvcConfigurer {

    private static final String STATIC = "static/";
    private static final Set<String> SERVER_PREFIXES = Set.of("api", "actuator", "v3", "socket.io", "error");

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        // Vite puts a content hash in every asset name, so assets may be cached for good; index.html not.
        registry.addResourceHandler("/assets/**")
                .addResourceLocations("classpath:/" + STATIC + "assets/")
                .setCacheControl(CacheControl.maxAge(java.time.Duration.ofDays(365)).cachePublic().immutable());
        registry.addResourceHandler("/**")
                .addResourceLocations("classpath:/" + STATIC)
                .setCacheControl(CacheControl.noCache())
                .resourceChain(true)
                .addResolver(new PageFallbackResolver());
    }

    /** A file under static/ when there is one, else index.html for page routes, else nothing (404). */
    static final class PageFallbackResolver extends PathResourceResolver {

        @Override
        protected Resource getResource(String resourcePath, Resource location) throws IOException {
            Resource file = super.getResource(resourcePath, location);
            if (file != null) {
                return file;
            }
            if (!isPageRoute(resourcePath)) {
                return null;
            }
            Resource index = new ClassPathResource(STATIC + "index.html");
            return index.isReadable() ? index : null;
        }

        static boolean isPageRoute(String path) {
            List<String> segments = List.of(path.split("/"));
            String first = segments.isEmpty() ? "" : segments.get(0);
            String last = segments.isEmpty() ? "" : segments.get(segments.size() - 1);
            // a dot in the last segment means a file (favicon.ico, a missing asset): a 404 is the honest answer
            return !SERVER_PREFIXES.contains(first) && !last.contains(".");
        }
    }
}
