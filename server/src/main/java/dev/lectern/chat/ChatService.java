package dev.lectern.chat;

import dev.lectern.identity.CurrentUser;
import dev.lectern.system.Sql;
import dev.lectern.workshop.Access;
import dev.lectern.workshop.Membership;
import dev.lectern.workshop.Memberships;
import dev.lectern.workshop.Moderation;
import dev.lectern.workshop.Workshop;
import dev.lectern.workshop.WorkshopStatus;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Chat's rules: who may post, the replay offset, persistence before anyone sees a message, and
 * history for members.
 *
 * <p>Messages that queued up behind each other in a busy room are stored by {@link #post(long, List)}
 * in one transaction, each under its own savepoint so that one refused message (a banned sender, say)
 * does not take the others with it: one commit, one WAL flush, for the whole group. The workshop row
 * is locked once for the group, not once per message: while it is held, the workshop's status and its
 * bans cannot change (both take the same lock), so every message of the group is judged against the
 * same room.
 */
@Service
public class ChatService {

    /** How many queued messages of one workshop share a commit. */
    public static final int BATCH_MAX = 64;

    /** One message to store: who sends it, and its text (already a valid {@link ChatText}). */
    public record Draft(CurrentUser author, ChatText text) {}

    /** What became of one {@link Draft}: the stored message, or why it was refused (exactly one is set). */
    public record Outcome(ChatMessage message, RuntimeException refusal) {

        static Outcome stored(ChatMessage message) {
            return new Outcome(message, null);
        }

        static Outcome refused(RuntimeException refusal) {
            return new Outcome(null, refusal);
        }
    }

    private final ChatRepository chat;
    private final Memberships memberships;
    private final Moderation moderation;
    private final Clock clock;
    private final TransactionTemplate transaction;
    private final TransactionTemplate savepoint;
    private final DistributionSummary perCommit;

    ChatService(
            ChatRepository chat,
            Memberships memberships,
            Moderation moderation,
            Clock clock,
            PlatformTransactionManager transactions,
            MeterRegistry meters) {
        this.chat = chat;
        this.memberships = memberships;
        this.moderation = moderation;
        this.clock = clock;
        this.transaction = new TransactionTemplate(transactions);
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.perCommit = DistributionSummary.builder("lectern.chat.commit.messages")
                .description("chat messages stored by one commit")
                .register(meters);
    }

    /**
     * Stores messages of one workshop, in the order given, in one transaction; the outcomes come back
     * in the same order once it has committed (so nothing returned as stored can still be lost). A
     * failed commit refuses every message of the group with its cause.
     */
    public List<Outcome> post(long workshopId, List<Draft> drafts) {
        Outcome[] outcomes = new Outcome[drafts.size()];
        if (drafts.isEmpty()) {
            return List.of();
        }
        try {
            transaction.executeWithoutResult(status -> {
                Workshop room = memberships.lock(workshopId);
                if (drafts.size() == 1) {
                    outcomes[0] = Outcome.stored(store(room, drafts.getFirst()));
                    return;
                }
                for (int i = 0; i < drafts.size(); i++) {
                    Draft draft = drafts.get(i);
                    try {
                        outcomes[i] = Outcome.stored(savepoint.execute(s -> store(room, draft)));
                    } catch (RuntimeException e) {
                        outcomes[i] = Outcome.refused(e);
                    }
                }
            });
            perCommit.record((double)
                    Arrays.stream(outcomes).filter(o -> o.message() != null).count());
        } catch (RuntimeException e) {
            // the lock, the commit itself or a lone message failed: nothing of the group is stored
            for (int i = 0; i < outcomes.length; i++) {
                if (outcomes[i] == null || outcomes[i].message() != null) {
                    outcomes[i] = Outcome.refused(e);
                }
            }
        }
        return new ArrayList<>(Arrays.asList(outcomes));
    }

    private ChatMessage store(Workshop room, Draft draft) {
        Membership m = moderation.chatter(room, draft.author().id());
        return insert(m, draft.author(), draft.text());
    }

    /** Persists one message from a member already checked to be in the room. */
    @Transactional
    public ChatMessage post(Membership m, CurrentUser author, String message) {
        return insert(m, author, ChatText.of(message));
    }

    private ChatMessage insert(Membership m, CurrentUser author, ChatText text) {
        Instant now = Sql.now(clock);
        long offset = 0;
        if (m.workshop().status() == WorkshopStatus.LIVE && m.workshop().startedAt() != null) {
            offset = Math.max(0, Duration.between(m.workshop().startedAt(), now).toMillis());
        }
        long id = chat.insert(m.workshop().id(), author.id(), text.value(), offset, now);
        return new ChatMessage(
                id,
                m.workshop().id(),
                author.id(),
                author.displayName(),
                author.avatarUrl(),
                text.value(),
                offset,
                now);
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
