package dev.lectern.signaling;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lectern.qa.QaService;
import dev.lectern.qa.Question;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * The socket edge of Q&A: one {@link QaService} call per event, then {@code qa:question} /
 * {@code qa:updated} to the audience the service names — the room, or only the moderators and the
 * asker (a moderated question until it is published, a dismissed one that was never public).
 *
 * <p>Votes are coalesced: a vote is acked at once with the stored count, but the room hears of a
 * question's count at most once per {@link #VOTE_INTERVAL}, whatever the vote rate. The first vote
 * after a quiet second goes out at once; later ones wait for the interval to pass, and then one
 * {@code qa:updated} carries the count the database holds at that moment (read on the workshop's
 * queue, never on a Netty thread). With several nodes each node coalesces the votes it took, so a
 * question voted on through n nodes is announced at most n times a second, each time with the
 * database's count.
 */
@Component
class QaEvents {

    static final Duration VOTE_INTERVAL = Duration.ofSeconds(1);
    private static final long INTERVAL = VOTE_INTERVAL.toNanos();

    private static final Logger log = LoggerFactory.getLogger(QaEvents.class);

    /** A question as sockets see it: instants as ISO strings, {@code offset_ms}, nulls kept. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record QuestionOut(
            long id,
            long workshopId,
            Long userId,
            String displayName,
            boolean anonymous,
            String text,
            String status,
            int upvotes,
            AnswerOut answer,
            String createdAt,
            @JsonProperty("offset_ms") long offsetMs) {
        static QuestionOut of(Question q) {
            Question.Answer a = q.answer();
            return new QuestionOut(
                    q.id(),
                    q.workshopId(),
                    q.userId(),
                    q.displayName(),
                    q.anonymous(),
                    q.text(),
                    q.status().wire(),
                    q.upvotes(),
                    a == null
                            ? null
                            : new AnswerOut(
                                    a.text(), a.live(), a.userId(), a.displayName(), Outbound.iso(a.answeredAt())),
                    Outbound.iso(q.createdAt()),
                    q.offsetMs());
        }
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record AnswerOut(String text, boolean live, long userId, String displayName, String answeredAt) {}

    /** {@code qa:question} and {@code qa:updated}: {@code {question}}. */
    record QuestionEvent(QuestionOut question) {}

    /** One question's vote broadcasts on this node. Guarded by the map's compute. */
    private static final class Flush {
        long lastSent = System.nanoTime() - INTERVAL;
        boolean scheduled;
    }

    private final QaService qa;
    private final RoomBroadcaster broadcaster;
    private final EventQueues queues;
    private final ScheduledExecutorService timer;
    private final Map<Long, Flush> flushes = new ConcurrentHashMap<>();

    QaEvents(
            QaService qa,
            RoomBroadcaster broadcaster,
            EventQueues queues,
            @Qualifier("presenceTimer") ScheduledExecutorService timer) {
        this.qa = qa;
        this.broadcaster = broadcaster;
        this.queues = queues;
        this.timer = timer;
    }

    Map<String, ?> ask(Call call) {
        QaInbound in = call.payload().qa();
        return announce(
                call.workshopId(), "qa:question", qa.ask(call.workshopId(), call.user(), in.text(), in.anonymous()));
    }

    Map<String, ?> upvote(Call call) {
        QaService.Vote vote = qa.upvote(
                call.workshopId(), call.user().id(), call.payload().qa().questionId());
        voted(call.workshopId(), vote.questionId());
        return Map.of("upvotes", vote.upvotes(), "upvoted", vote.upvoted());
    }

    Map<String, ?> publish(Call call) {
        return updated(
                call,
                qa.publish(
                        call.workshopId(), call.user().id(), call.payload().qa().questionId()));
    }

    Map<String, ?> dismiss(Call call) {
        return updated(
                call,
                qa.dismiss(
                        call.workshopId(), call.user().id(), call.payload().qa().questionId()));
    }

    Map<String, ?> reopen(Call call) {
        return updated(
                call,
                qa.reopen(
                        call.workshopId(), call.user().id(), call.payload().qa().questionId()));
    }

    Map<String, ?> answer(Call call) {
        QaInbound in = call.payload().qa();
        return updated(call, qa.answer(call.workshopId(), call.user().id(), in.questionId(), in.answer()));
    }

    /** Questions with a vote broadcast due or recently sent on this node (bounded: quiet ones are forgotten). */
    int pendingFlushes() {
        return flushes.size();
    }

    private Map<String, ?> updated(Call call, QaService.Change change) {
        return announce(call.workshopId(), "qa:updated", change);
    }

    private Map<String, ?> announce(long workshopId, String event, QaService.Change change) {
        QuestionOut out = QuestionOut.of(change.question());
        send(workshopId, event, change.audience(), out);
        return Map.of("question", out);
    }

    private void send(long workshopId, String event, QaService.Audience audience, QuestionOut out) {
        if (audience.room()) {
            broadcaster.send(workshopId, event, new QuestionEvent(out));
        } else {
            broadcaster.sendToUsers(workshopId, audience.users(), event, new QuestionEvent(out));
        }
    }

    /** A vote was stored: make sure one broadcast of the count is due, no sooner than an interval after the last. */
    private void voted(long workshopId, long questionId) {
        long now = System.nanoTime();
        long[] delay = {-1};
        flushes.compute(questionId, (id, f) -> {
            Flush flush = f == null ? new Flush() : f;
            if (!flush.scheduled) {
                flush.scheduled = true;
                delay[0] = Math.max(0, flush.lastSent + INTERVAL - now);
            }
            return flush;
        });
        if (delay[0] >= 0) {
            // the timer only queues the flush: it runs on the workshop's queue, in order with the room's other output
            var unused = timer.schedule(
                    () -> queues.submit(workshopId, () -> flush(workshopId, questionId)),
                    delay[0],
                    TimeUnit.NANOSECONDS);
        }
    }

    private void flush(long workshopId, long questionId) {
        // marked sent before the read: a vote stored meanwhile schedules the next flush, an interval on
        flushes.computeIfPresent(questionId, (id, f) -> {
            f.scheduled = false;
            f.lastSent = System.nanoTime();
            return f;
        });
        try {
            // a question dismissed meanwhile has been announced by the dismissal; its count is nobody's news
            qa.current(workshopId, questionId)
                    .filter(c -> c.question().status().isPublic())
                    .ifPresent(c -> send(workshopId, "qa:updated", c.audience(), QuestionOut.of(c.question())));
        } catch (RuntimeException e) {
            log.warn("vote count of question {} not broadcast", questionId, e);
        }
        // forget a quiet question, so the map holds only questions voted on in the last interval or two
        var unused = timer.schedule(
                () -> flushes.computeIfPresent(
                        questionId, (id, f) -> !f.scheduled && System.nanoTime() - f.lastSent >= INTERVAL ? null : f),
                2 * INTERVAL,
                TimeUnit.NANOSECONDS);
    }
}
