package dev.lectern.identity;

import dev.lectern.identity.IdentityConfig.DevLogin;
import dev.lectern.system.HttpEdge;
import dev.lectern.system.LecternException.NotFound;
import dev.lectern.system.UserId;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/dev/login}: a token for any user id, for development only. Absent (404) otherwise. */
@RestController
class DevLoginController {

    private final DevLogin devLogin;
    private final Authenticator authenticator;
    private final HttpEdge edge;

    DevLoginController(DevLogin devLogin, Authenticator authenticator, HttpEdge edge) {
        this.devLogin = devLogin;
        this.authenticator = authenticator;
        this.edge = edge;
    }

    record DevLoginRequest(
            @NotNull @Min(1) @Max(UserId.MAX) Long userId,
            @NotBlank @Size(max = 200) String name,
            @Size(max = 2000) String picture) {}

    record DevLoginResponse(String token) {}

    @PostMapping("/api/dev/login")
    DevLoginResponse login(
            @Valid @RequestBody DevLoginRequest request, HttpServletRequest http, HttpServletResponse response) {
        if (!devLogin.enabled()) {
            throw new NotFound("dev login");
        }
        String token = devLogin.tokens().issue(request.userId(), request.name().strip(), request.picture());
        authenticator.authenticate(token);
        // The cookie lets the served room page and the Socket.IO handshake share the login. Secure when
        // the browser came over TLS (to us, or to a trusted proxy that says so), so it never travels in clear.
        ResponseCookie cookie = ResponseCookie.from(Authenticator.COOKIE, token)
                .httpOnly(true)
                .sameSite("Lax")
                .secure(edge.isHttps(http))
                .path("/")
                .maxAge(DevTokens.TTL)
                .build();
        response.addHeader(HttpHeaders.SET_COOKIE, cookie.toString());
        return new DevLoginResponse(token);
    }
}
