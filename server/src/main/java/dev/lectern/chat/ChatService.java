package dev.lectern.chat;

import dev.lectern.identity.CurrentUser;
import dev.lectern.system.LecternException.InvalidPayload;
import dev.lectern.system.Sql;
import dev.lectern.workshop.Access;
import dev.lectern.workshop.Membership;
import dev.lectern.workshop.Memberships;
import dev.lectern.workshop.WorkshopStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Chat: validation, the replay offset, persistence before anyone sees it, and history for members. */
@Service
public class ChatService {

    public static final int MAX_LENGTH = 1000;

    private final ChatRepository chat;
    private final Memberships memberships;
    private final Clock clock;

    ChatService(ChatRepository chat, Memberships memberships, Clock clock) {
        this.chat = chat;
        this.memberships = memberships;
        this.clock = clock;
    }

    /** The message as sent, trimmed; {@link InvalidPayload} unless 1..1000 characters remain. */
    public static String validate(String message) {
        String trimmed = message == null ? "" : message.strip();
        if (trimmed.isEmpty() || trimmed.codePointCount(0, trimmed.length()) > MAX_LENGTH) {
            throw new InvalidPayload("message must be 1 to " + MAX_LENGTH + " characters", Map.of("message", "1.." + MAX_LENGTH + " characters"));
        }
        return trimmed;
    }

    /** Persists a message from a member already checked to be in the room. */
    @Transactional
    public ChatMessage post(Membership m, CurrentUser author, String message) {
        String text = validate(message);
        Instant now = Sql.now(clock);
        long offset = 0;
        if (m.workshop().status() == WorkshopStatus.LIVE && m.workshop().startedAt() != null) {
            offset = Math.max(0, Duration.between(m.workshop().startedAt(), now).toMillis());
        }
        long id = chat.insert(m.workshop().id(), author.id(), text, offset, now);
        return new ChatMessage(id, m.workshop().id(), author.id(), author.displayName(), author.avatarUrl(), text, offset, now);
    }

    /** A page of a workshop's chat, oldest first, for callers that have already checked access. */
    @Transactional(readOnly = true)
    public List<ChatMessage> page(long workshopId, long afterId, int limit) {
        return chat.page(workshopId, afterId, limit);
    }

    @Transactional(readOnly = true)
    public List<ChatMessage> history(long workshopId, long userId, long afterId, int limit) {
        memberships.require(workshopId, userId, Access.MEMBER, "read this workshop's chat");
        return chat.page(workshopId, afterId, limit);
    }
}
