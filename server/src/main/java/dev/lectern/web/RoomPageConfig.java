package dev.lectern.web;

import java.io.IOException;
import java.util.regex.Pattern;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.PathResourceResolver;

/**
 * Serves the room page from the jar's {@code static/}. The page's own routes ({@code /},
 * {@code /workshops/7}) get {@code index.html}, so a reload or a shared link works. Only those: any
 * other unknown path ({@code /api/nope}, {@code /nope}, a missing asset) stays a problem+json 404,
 * so the API never answers a typo with a web page.
 */
@Configuration(proxyBeanMethods = false)
class RoomPageConfig implements WebMvcConfigurer {

    private static final String STATIC = "static/";
    /** The client-side routes of web/src/app/router.ts; keep the two in step. */
    private static final Pattern PAGE_ROUTES = Pattern.compile("(workshops(/\\d{1,18}(/report)?)?)?/?");

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        // Vite puts a content hash in every asset name, so assets may be cached for good; index.html not.
        registry.addResourceHandler("/assets/**")
                .addResourceLocations("classpath:/" + STATIC + "assets/")
                .setCacheControl(CacheControl.maxAge(java.time.Duration.ofDays(365))
                        .cachePublic()
                        .immutable());
        registry.addResourceHandler("/**")
                .addResourceLocations("classpath:/" + STATIC)
                .setCacheControl(CacheControl.noCache())
                .resourceChain(true)
                .addResolver(new PageFallbackResolver());
    }

    /** A file under static/ when there is one, else index.html for a page route, else nothing (404). */
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
            return PAGE_ROUTES.matcher(path).matches();
        }
    }
}
