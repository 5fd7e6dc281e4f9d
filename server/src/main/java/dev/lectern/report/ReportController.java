package dev.lectern.report;

import dev.lectern.identity.CurrentUser;
import jakarta.validation.constraints.Positive;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/workshops/{id}/report} and {@code …/attendance.csv} (CONTRACT §7.6): host and co-hosts. */
@RestController
@RequestMapping("/api/workshops")
class ReportController {

    static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private final ReportService reports;

    ReportController(ReportService reports) {
        this.reports = reports;
    }

    @GetMapping("/{id}/report")
    WorkshopReport report(CurrentUser me, @PathVariable @Positive long id) {
        return reports.of(id, me.id());
    }

    @GetMapping("/{id}/attendance.csv")
    ResponseEntity<String> csv(CurrentUser me, @PathVariable @Positive long id) {
        String body = ReportCsv.of(reports.of(id, me.id()));
        return ResponseEntity.ok()
                .contentType(CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"workshop-" + id + "-attendance.csv\"")
                .body(body);
    }
}
