package dev.lectern.identity;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Lets a controller ask for the caller by declaring a {@link CurrentUser} parameter; 401 when there is none. */
class CurrentUserResolver implements HandlerMethodArgumentResolver {

    private final Authenticator authenticator;

    CurrentUserResolver(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == CurrentUser.class;
    }

    @Override
    public CurrentUser resolveArgument(
            MethodParameter parameter,
            ModelAndViewContainer mav,
            NativeWebRequest webRequest,
            WebDataBinderFactory binderFactory) {
        HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
        String token = Authenticator.tokenFrom(
                request.getHeader(HttpHeaders.AUTHORIZATION), request.getHeader(HttpHeaders.COOKIE));
        return authenticator.authenticate(token);
    }
}
