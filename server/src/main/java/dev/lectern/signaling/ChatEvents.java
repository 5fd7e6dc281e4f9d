package dev.lectern.signaling;

import dev.lectern.chat.ChatService;
import dev.lectern.chat.ChatService.Draft;
import dev.lectern.system.LecternException.RateLimited;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The socket edge of chat: the per-node rate limit, then {@link ChatService} stores the group (its
 * rules, its transaction), then the room sees each stored message, then its sender's ack.
 * Nobody sees or is acked a message before the group's commit, so an acknowledged message is never lost.
 */
@Component
class ChatEvents {

    /** How many queued messages of one workshop share a commit. */
    static final int BATCH_MAX = ChatService.BATCH_MAX;

    private static final Logger log = LoggerFactory.getLogger(ChatEvents.class);

    /** What became of the message at {@code index} in the list given: the ack's fields, or why it was refused. */
    record Outcome(int index, Map<String, ?> reply, RuntimeException error) {}

    private final ChatRateLimit limit;
    private final ChatService chat;
    private final RoomBroadcaster broadcaster;

    ChatEvents(ChatRateLimit limit, ChatService chat, RoomBroadcaster broadcaster) {
        this.limit = limit;
        this.chat = chat;
        this.broadcaster = broadcaster;
    }

    /**
     * Messages of one workshop, in arrival order; {@code answer} gets each one's outcome, in the same
     * order, each right after its room broadcast (so a sender sees its message before its ack, as when
     * messages run one by one).
     */
    void chat(List<Call> calls, Consumer<Outcome> answer) {
        if (calls.isEmpty()) {
            return;
        }
        long workshopId = calls.getFirst().workshopId();
        RuntimeException[] refused = new RuntimeException[calls.size()];
        List<Integer> admitted = new ArrayList<>(calls.size());
        List<Draft> drafts = new ArrayList<>(calls.size());
        for (int i = 0; i < calls.size(); i++) {
            Call call = calls.get(i);
            if (call.workshopId() != workshopId) {
                throw new IllegalArgumentException("a chat batch holds one workshop's messages");
            }
            if (limit.tryAcquire(workshopId, call.user().id())) {
                admitted.add(i);
                drafts.add(new Draft(call.user(), call.payload().message()));
            } else {
                refused[i] = new RateLimited("at most " + limit.perWindow() + " chat messages per "
                        + ChatRateLimit.WINDOW.toSeconds() + " s");
            }
        }
        ChatService.Outcome[] stored = new ChatService.Outcome[calls.size()];
        List<ChatService.Outcome> outcomes = chat.post(workshopId, drafts);
        for (int k = 0; k < admitted.size(); k++) {
            stored[admitted.get(k)] = outcomes.get(k);
        }
        for (int i = 0; i < calls.size(); i++) {
            if (stored[i] != null && stored[i].message() != null) {
                Outbound.Chat out = Outbound.Chat.of(stored[i].message());
                try {
                    broadcaster.send(workshopId, "workshop:chat-message", out);
                } catch (RuntimeException e) {
                    // stored and committed: the sender is acked, the room can read it in the history
                    log.warn(
                            "chat message {} stored but not broadcast",
                            stored[i].message().id(),
                            e);
                }
                answer.accept(new Outcome(i, Map.of("chat", out), null));
            } else {
                answer.accept(new Outcome(i, null, stored[i] != null ? stored[i].refusal() : refused[i]));
            }
        }
    }
}
