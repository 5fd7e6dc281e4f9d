package dev.lectern.system;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors raised before Spring MVC sees the request (by Tomcat or a filter) end here instead of on
 * Boot's default error body, so they are problem details like every other error.
 */
@RestController
class ErrorFallbackController implements ErrorController {

    @RequestMapping(
            path = "/error",
            produces = {MediaType.APPLICATION_PROBLEM_JSON_VALUE, MediaType.APPLICATION_JSON_VALUE, "*/*"})
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (code == null) {
            // a client asking for /error itself: a path like any unknown one, not a server error
            code = 404;
        }
        int status = code instanceof Integer i && i >= 400 ? i : 500;
        HttpStatusCode httpStatus = HttpStatusCode.valueOf(status);
        ProblemDetail problem = Problems.of(httpStatus, Problems.codeFor(httpStatus), Problems.titleFor(status));
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
