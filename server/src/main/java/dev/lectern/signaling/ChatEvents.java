package dev.lectern.signaling;

import dev.lectern.chat.ChatMessage;
import dev.lectern.chat.ChatService;
import dev.lectern.system.LecternException.RateLimited;
import dev.lectern.workshop.Membership;
import dev.lectern.workshop.Moderation;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * In-room chat: the rate limit, then the message is stored, then the room sees it, then the sender's ack.
 *
 * <p>Messages that queued up behind each other in a busy room are stored in one transaction, each
 * under its own savepoint so that one refused message (a banned sender, say) does not take the
 * others with it: one commit, one WAL flush, for the whole group. Nobody sees or is acked a message
 * before that commit, so an acknowledged message is still never lost.
 */
@Component
class ChatEvents {

    /** How many queued messages of one workshop share a commit. */
    static final int BATCH_MAX = 64;

    private static final Logger log = LoggerFactory.getLogger(ChatEvents.class);

    /** What became of the message at {@code index} in the list given: the ack's fields, or why it was refused. */
    record Outcome(int index, Map<String, ?> reply, RuntimeException error) {
    }

    private final ChatRateLimit limit;
    private final Moderation moderation;
    private final ChatService chat;
    private final Rooms rooms;
    private final TransactionTemplate transaction;
    private final TransactionTemplate savepoint;
    private final DistributionSummary perCommit;

    ChatEvents(ChatRateLimit limit, Moderation moderation, ChatService chat, Rooms rooms,
            PlatformTransactionManager transactions, MeterRegistry meters) {
        this.limit = limit;
        this.moderation = moderation;
        this.chat = chat;
        this.rooms = rooms;
        this.transaction = new TransactionTemplate(transactions);
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.perCommit = DistributionSummary.builder("lectern.chat.commit.messages")
                .description("chat messages stored by one commit").register(meters);
    }

    /**
     * Messages of one workshop, in arrival order; {@code answer} gets each one's outcome, in the same
     * order, each right after its room broadcast (so a sender sees its message before its ack, as when
     * messages run one by one).
     */
    void chat(List<Call> calls, Consumer<Outcome> answer) {
        ChatMessage[] saved = new ChatMessage[calls.size()];
        RuntimeException[] refused = new RuntimeException[calls.size()];
        List<Integer> admitted = new ArrayList<>(calls.size());
        for (int i = 0; i < calls.size(); i++) {
            Call call = calls.get(i);
            try {
                if (!limit.tryAcquire(call.workshopId(), call.user().id())) {
                    throw new RateLimited("at most " + limit.perWindow() + " chat messages per " + ChatRateLimit.WINDOW.toSeconds() + " s");
                }
                ChatService.validate(call.payload().message());
                admitted.add(i);
            } catch (RuntimeException e) {
                refused[i] = e;
            }
        }
        if (!admitted.isEmpty()) {
            store(calls, admitted, saved, refused);
        }
        for (int i = 0; i < calls.size(); i++) {
            if (saved[i] != null) {
                Outbound.Chat out = Outbound.Chat.of(saved[i]);
                try {
                    rooms.send(calls.get(i).workshopId(), "workshop:chat-message", out);
                } catch (RuntimeException e) {
                    // stored and committed: the sender is acked, the room can read it in the history
                    log.warn("chat message {} stored but not broadcast", saved[i].id(), e);
                }
                answer.accept(new Outcome(i, Map.of("chat", out), null));
            } else {
                answer.accept(new Outcome(i, null, refused[i]));
            }
        }
    }

    /** Stores the admitted messages in one transaction; fills in {@code saved} or {@code refused} for each. */
    private void store(List<Call> calls, List<Integer> admitted, ChatMessage[] saved, RuntimeException[] refused) {
        try {
            transaction.executeWithoutResult(status -> {
                if (admitted.size() == 1) {
                    int i = admitted.getFirst();
                    saved[i] = store(calls.get(i));
                    return;
                }
                for (int i : admitted) {
                    try {
                        saved[i] = savepoint.execute(s -> store(calls.get(i)));
                    } catch (RuntimeException e) {
                        refused[i] = e;
                    }
                }
            });
            perCommit.record(admitted.stream().filter(i -> saved[i] != null).count());
        } catch (RuntimeException e) {
            // the commit itself (or a lone message) failed: nothing of the group is stored
            for (int i : admitted) {
                if (saved[i] != null || refused[i] == null) {
                    saved[i] = null;
                    refused[i] = e;
                }
            }
        }
    }

    private ChatMessage store(Call call) {
        Membership m = moderation.chatter(call.workshopId(), call.user().id());
        return chat.post(m, call.user(), call.payload().message());
    }
}
