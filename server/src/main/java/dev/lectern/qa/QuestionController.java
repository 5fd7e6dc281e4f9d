package dev.lectern.qa;

import dev.lectern.identity.CurrentUser;
import dev.lectern.system.LecternException.InvalidPayload;
import jakarta.validation.constraints.Positive;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Q&A over REST: the list a late joiner or a reloaded page reads after {@code workshop:state}, and the
 * moderators' export. Changes go through the socket events only (CONTRACT §7.3).
 */
@RestController
class QuestionController {

    private final QaService qa;

    QuestionController(QaService qa) {
        this.qa = qa;
    }

    /** A question as REST shows it: the socket payload's fields ({@code offsetMs} camelCase here) plus {@code upvotedByMe}. */
    record Item(
            long id,
            long workshopId,
            Long userId,
            String displayName,
            boolean anonymous,
            String text,
            String status,
            int upvotes,
            Question.Answer answer,
            Instant createdAt,
            long offsetMs,
            boolean upvotedByMe) {
        static Item of(QaService.Item i) {
            Question q = i.question();
            return new Item(
                    q.id(),
                    q.workshopId(),
                    q.userId(),
                    q.displayName(),
                    q.anonymous(),
                    q.text(),
                    q.status().wire(),
                    q.upvotes(),
                    q.answer(),
                    q.createdAt(),
                    q.offsetMs(),
                    i.upvotedByMe());
        }
    }

    record Items(List<Item> items) {}

    @GetMapping("/api/workshops/{id}/questions")
    Items list(
            CurrentUser me,
            @PathVariable @Positive long id,
            @RequestParam(required = false) String status,
            @RequestParam(defaultValue = "top") String sort) {
        QaService.Sort order = switch (sort) {
            case "top" -> QaService.Sort.TOP;
            case "recent" -> QaService.Sort.RECENT;
            default -> throw new InvalidPayload("sort must be top or recent", Map.of("sort", "top or recent"));
        };
        return new Items(qa.list(id, me.id(), statuses(status), order).stream()
                .map(Item::of)
                .toList());
    }

    @GetMapping("/api/workshops/{id}/questions.csv")
    ResponseEntity<String> csv(CurrentUser me, @PathVariable @Positive long id) {
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .header("Content-Disposition", "attachment; filename=\"workshop-" + id + "-questions.csv\"")
                .body(qa.csv(id, me.id()));
    }

    /** {@code status=published,answered}: null (no narrowing) when absent or empty. */
    private static Set<QuestionStatus> statuses(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        if (raw.length() > 100) {
            throw badStatus();
        }
        Set<QuestionStatus> set = EnumSet.noneOf(QuestionStatus.class);
        for (String part : raw.split(",", -1)) {
            QuestionStatus s = QuestionStatus.fromWire(part.strip());
            if (s == null) {
                throw badStatus();
            }
            set.add(s);
        }
        return set;
    }

    private static InvalidPayload badStatus() {
        return new InvalidPayload(
                "status must be pending, published, answered or dismissed (comma-separated)",
                Map.of("status", "pending|published|answered|dismissed"));
    }
}
