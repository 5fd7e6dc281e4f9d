package dev.lectern.notification;

import dev.lectern.identity.CurrentUser;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The caller's own notifications, newest first. */
@RestController
class NotificationController {

    private final NotificationService notifications;

    NotificationController(NotificationService notifications) {
        this.notifications = notifications;
    }

    record NotificationList(List<Notification> items, String nextCursor) {}

    @GetMapping("/api/notifications")
    NotificationList list(
            CurrentUser me,
            @RequestParam(defaultValue = "false") boolean unread,
            @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
        return new NotificationList(notifications.list(me.id(), unread, limit), null);
    }

    @PostMapping("/api/notifications/{id}/read")
    Notification read(CurrentUser me, @PathVariable @Positive long id) {
        return notifications.markRead(me.id(), id);
    }
}
