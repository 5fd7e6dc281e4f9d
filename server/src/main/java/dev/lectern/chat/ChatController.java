package dev.lectern.chat;

import dev.lectern.identity.CurrentUser;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ChatController {

    private final ChatService chat;

    ChatController(ChatService chat) {
        this.chat = chat;
    }

    record ChatPage(List<ChatMessage> items) {}

    /** A workshop's chat, oldest first; page with {@code afterId} = the last id seen. */
    @GetMapping("/api/workshops/{id}/chat")
    ChatPage history(
            CurrentUser me,
            @PathVariable @Positive long id,
            @RequestParam(defaultValue = "0") @Min(0) long afterId,
            @RequestParam(defaultValue = "100") @Min(1) @Max(500) int limit) {
        return new ChatPage(chat.history(id, me.id(), afterId, limit));
    }
}
