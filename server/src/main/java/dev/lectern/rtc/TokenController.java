package dev.lectern.rtc;

import dev.lectern.identity.CurrentUser;
import dev.lectern.rtc.TokenIssuer.RtcToken;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class TokenController {

    private final TokenIssuer issuer;

    TokenController(TokenIssuer issuer) {
        this.issuer = issuer;
    }

    @GetMapping("/api/workshops/{id}/token")
    ResponseEntity<RtcToken> token(
            CurrentUser me,
            @PathVariable @Positive long id,
            @RequestParam(required = false) @Pattern(regexp = "live|backstage", message = "must be live or backstage")
                    String stage) {
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .body(issuer.issue(id, me.id(), "backstage".equals(stage)));
    }
}
