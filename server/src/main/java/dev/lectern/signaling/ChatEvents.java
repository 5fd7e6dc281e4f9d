package dev.lectern.signaling;

import dev.lectern.chat.ChatMessage;
import dev.lectern.chat.ChatService;
import dev.lectern.system.LecternException.RateLimited;
import dev.lectern.workshop.Membership;
import dev.lectern.workshop.Moderation;
import java.util.Map;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.stereotype.Component;

/** In-room chat: the rate limit, then the message is stored, then the room sees it, then the sender's ack. */
@Component
class ChatEvents {

    private final ChatRateLimit limit;
    private final Moderation moderation;
    private final ChatService chat;
    private final Rooms rooms;
    private final TransactionTemplate transaction;

    ChatEvents(ChatRateLimit limit, Moderation moderation, ChatService chat, Rooms rooms,
            TransactionTemplate transaction) {
        this.limit = limit;
        this.moderation = moderation;
        this.chat = chat;
        this.rooms = rooms;
        this.transaction = transaction;
    }

    Map<String, ?> chat(Call call) {
        if (!limit.tryAcquire(call.workshopId(), call.user().id())) {
            throw new RateLimited("at most " + limit.perWindow() + " chat messages per " + ChatRateLimit.WINDOW.toSeconds() + " s");
        }
        // the check and the insert in one transaction: one commit (one WAL flush) per message, not two
        ChatMessage saved = transaction.execute(status -> {
            Membership m = moderation.chatter(call.workshopId(), call.user().id());
            return chat.post(m, call.user(), call.payload().message());
        });
        // committed before anyone sees it: an acknowledged message is never lost
        Outbound.Chat out = Outbound.Chat.of(saved);
        rooms.send(call.workshopId(), "workshop:chat-message", out);
        return Map.of("chat", out);
    }
}
