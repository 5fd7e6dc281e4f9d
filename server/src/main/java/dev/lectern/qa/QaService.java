package dev.lectern.qa;

import dev.lectern.identity.CurrentUser;
import dev.lectern.system.LecternException.Banned;
import dev.lectern.system.LecternException.Forbidden;
import dev.lectern.system.LecternException.InvalidPayload;
import dev.lectern.system.LecternException.InvalidState;
import dev.lectern.system.LecternException.NotFound;
import dev.lectern.system.LecternException.RateLimited;
import dev.lectern.system.Sql;
import dev.lectern.workshop.Access;
import dev.lectern.workshop.Membership;
import dev.lectern.workshop.Memberships;
import dev.lectern.workshop.Moderation;
import dev.lectern.workshop.QaMode;
import dev.lectern.workshop.Workshop;
import dev.lectern.workshop.WorkshopStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Q&A's rules (CONTRACT §7.3): who may ask, vote and moderate, the transitions, the 5-a-minute
 * limit, and who may see each question. Every change returns its {@link Audience}, so the edge sends
 * it to exactly those who could see the question before or after it, and nobody else.
 *
 * <p>Asks lock the workshop row (the limit counts the asker's recent questions, and two asks of one
 * user must not both pass it; status and bans hold still meanwhile). Votes and moderation lock the
 * question's row: a toggle reads and writes the vote and the counter under that one lock, so any
 * number of concurrent voters leave {@code upvotes} equal to the votes stored.
 */
@Service
public class QaService {

    public static final int ASKS_PER_MINUTE = 5;
    static final Duration ASK_WINDOW = Duration.ofMinutes(1);

    /** Who hears of a change: the whole room, or only {@code users} (moderators and the asker). */
    public record Audience(boolean room, Set<Long> users) {
        static Audience everyone() {
            return new Audience(true, Set.of());
        }
    }

    /** A question as it is now, and who must hear of it. */
    public record Change(Question question, Audience audience) {}

    /** A toggle's outcome: the stored count and whether the caller's vote is now cast. */
    public record Vote(long questionId, int upvotes, boolean upvoted) {}

    /** A list's item: the question and whether the reader has upvoted it. */
    public record Item(Question question, boolean upvotedByMe) {}

    public enum Sort {
        TOP,
        RECENT
    }

    private final QaRepository questions;
    private final Memberships memberships;
    private final Moderation moderation;
    private final Clock clock;

    QaService(QaRepository questions, Memberships memberships, Moderation moderation, Clock clock) {
        this.questions = questions;
        this.memberships = memberships;
        this.moderation = moderation;
        this.clock = clock;
    }

    /** {@code qa:ask}: a joined member's question; refused ones write nothing and do not count towards the limit. */
    @Transactional
    public Change ask(long workshopId, CurrentUser asker, QuestionText text, boolean anonymous) {
        Workshop room = memberships.lock(workshopId);
        moderation.chatter(room, asker.id());
        if (room.qaMode() == QaMode.OFF) {
            throw new InvalidState("Q&A is off in this workshop");
        }
        if (anonymous && !room.qaAnonymous()) {
            throw new InvalidPayload(
                    "this workshop does not take anonymous questions",
                    Map.of("anonymous", "not allowed in this workshop"));
        }
        Instant now = Sql.now(clock);
        if (questions.askedSince(workshopId, asker.id(), now.minus(ASK_WINDOW)) >= ASKS_PER_MINUTE) {
            throw new RateLimited("at most " + ASKS_PER_MINUTE + " questions a minute");
        }
        QuestionStatus status = room.qaMode() == QaMode.MODERATED ? QuestionStatus.PENDING : QuestionStatus.PUBLISHED;
        long offset = 0;
        if (room.status() == WorkshopStatus.LIVE && room.startedAt() != null) {
            offset = Math.max(0, Duration.between(room.startedAt(), now).toMillis());
        }
        long id = questions.insert(workshopId, asker.id(), anonymous, text.value(), status, offset, now);
        Question q = new Question(
                id,
                workshopId,
                anonymous ? null : asker.id(),
                anonymous ? null : asker.displayName(),
                anonymous,
                text.value(),
                status,
                0,
                null,
                now,
                offset);
        return new Change(q, audience(workshopId, asker.id(), status, status));
    }

    /** {@code qa:upvote}: toggles the caller's vote on a published or answered question not their own. */
    @Transactional
    public Vote upvote(long workshopId, long userId, long questionId) {
        moderation.chatter(memberships.of(workshopId, userId).workshop(), userId);
        QaRepository.Row row = locked(workshopId, questionId);
        if (row.authorId() == userId) {
            throw new Forbidden("you cannot upvote your own question");
        }
        if (!row.question().status().isPublic()) {
            throw new InvalidState("only published or answered questions take votes");
        }
        boolean upvoted = questions.toggleVote(questionId, userId);
        return new Vote(questionId, questions.upvotes(questionId), upvoted);
    }

    /** {@code qa:publish}: pending → published. */
    @Transactional
    public Change publish(long workshopId, long userId, long questionId) {
        return moderate(
                workshopId,
                userId,
                questionId,
                EnumSet.of(QuestionStatus.PENDING),
                row -> questions.setStatus(questionId, QuestionStatus.PUBLISHED));
    }

    /** {@code qa:dismiss}: any status but dismissed → dismissed. */
    @Transactional
    public Change dismiss(long workshopId, long userId, long questionId) {
        return moderate(
                workshopId,
                userId,
                questionId,
                EnumSet.of(QuestionStatus.PENDING, QuestionStatus.PUBLISHED, QuestionStatus.ANSWERED),
                row -> questions.setStatus(questionId, QuestionStatus.DISMISSED));
    }

    /** {@code qa:reopen}: answered or dismissed → published; the answer is cleared. */
    @Transactional
    public Change reopen(long workshopId, long userId, long questionId) {
        return moderate(
                workshopId,
                userId,
                questionId,
                EnumSet.of(QuestionStatus.ANSWERED, QuestionStatus.DISMISSED),
                row -> questions.reopen(questionId));
    }

    /** {@code qa:answer}: a written answer ({@code text}) or answered live ({@code text} null); replaces an earlier answer. */
    @Transactional
    public Change answer(long workshopId, long userId, long questionId, AnswerText text) {
        return moderate(
                workshopId,
                userId,
                questionId,
                EnumSet.of(QuestionStatus.PENDING, QuestionStatus.PUBLISHED, QuestionStatus.ANSWERED),
                row -> questions.answer(
                        questionId, text == null ? null : text.value(), text == null, userId, Sql.now(clock)));
    }

    private Change moderate(
            long workshopId,
            long userId,
            long questionId,
            Set<QuestionStatus> from,
            java.util.function.Consumer<QaRepository.Row> apply) {
        Membership m = memberships.of(workshopId, userId);
        if (m.isRemoved()) {
            throw new Banned(Banned.Attempt.ACCESS);
        }
        if (!isModerator(m)) {
            throw new Forbidden("only the host, co-hosts and panelists moderate questions");
        }
        WorkshopStatus status = m.workshop().status();
        if (status == WorkshopStatus.ENDED || status == WorkshopStatus.CANCELLED) {
            throw new InvalidState("the workshop is " + status.wire());
        }
        QaRepository.Row before = locked(workshopId, questionId);
        if (!from.contains(before.question().status())) {
            throw new InvalidState(
                    "the question is " + before.question().status().wire());
        }
        apply.accept(before);
        QaRepository.Row after = questions.find(questionId).orElseThrow();
        return new Change(
                after.question(),
                audience(
                        workshopId,
                        before.authorId(),
                        before.question().status(),
                        after.question().status()));
    }

    /** The question as it is now and who may see it, for a broadcast of its vote count; empty once it is gone. */
    @Transactional(readOnly = true)
    public Optional<Change> current(long workshopId, long questionId) {
        return questions
                .find(questionId)
                .filter(r -> r.question().workshopId() == workshopId)
                .map(r -> {
                    QuestionStatus s = r.question().status();
                    return new Change(r.question(), audience(workshopId, r.authorId(), s, s));
                });
    }

    /** Those who could see the question before or after a change: the room if it was or is public, else moderators and the asker. */
    private Audience audience(long workshopId, long authorId, QuestionStatus before, QuestionStatus after) {
        if (before.isPublic() || after.isPublic()) {
            return Audience.everyone();
        }
        Set<Long> users = new HashSet<>(questions.moderators(workshopId));
        users.add(authorId);
        return new Audience(false, Set.copyOf(users));
    }

    /** Host, co-hosts and panelists (a removed user is none of them). */
    public boolean isModerator(Membership m) {
        return m.canManage()
                || (!m.isRemoved()
                        && m.attendee() != null
                        && questions.isPanelist(m.workshop().id(), m.userId()));
    }

    private QaRepository.Row locked(long workshopId, long questionId) {
        if (!questions.lock(workshopId, questionId)) {
            // another workshop's question is as unknown here as one that does not exist
            throw new NotFound("question " + questionId);
        }
        return questions.find(questionId).orElseThrow();
    }

    /**
     * {@code GET …/questions}: attendees see published and answered questions and their own pending
     * ones; moderators see all. {@code statuses} narrows that (null: no narrowing).
     */
    @Transactional(readOnly = true)
    public List<Item> list(long workshopId, long userId, Set<QuestionStatus> statuses, Sort sort) {
        Membership m = memberships.require(workshopId, userId, Access.MEMBER, "read this workshop's questions");
        boolean moderator = isModerator(m);
        Set<QuestionStatus> visible = moderator
                ? EnumSet.allOf(QuestionStatus.class)
                : EnumSet.of(QuestionStatus.PUBLISHED, QuestionStatus.ANSWERED);
        boolean ownPending = !moderator && (statuses == null || statuses.contains(QuestionStatus.PENDING));
        if (statuses != null) {
            visible.retainAll(statuses);
        }
        return questions.list(workshopId, visible, ownPending ? userId : 0, userId, sort != Sort.RECENT).stream()
                .map(l -> new Item(l.row().question(), l.upvotedByMe()))
                .toList();
    }

    /** {@code GET …/questions.csv} (moderators): every question, oldest first; anonymous rows without author. */
    @Transactional(readOnly = true)
    public String csv(long workshopId, long userId) {
        Membership m = memberships.require(workshopId, userId, Access.MEMBER, "export this workshop's questions");
        if (!isModerator(m)) {
            throw new Forbidden("only the host, co-hosts and panelists export questions");
        }
        return QuestionsCsv.of(questions.all(workshopId).stream()
                .map(QaRepository.Row::question)
                .toList());
    }

    /** For the report: userId → questions asked by name (anonymous ones are not counted). */
    @Transactional(readOnly = true)
    public Map<Long, Integer> questionsAskedByName(long workshopId) {
        return questions.askedByName(workshopId);
    }

    /** For the report: every question of the workshop, dismissed ones included. */
    @Transactional(readOnly = true)
    public long questionCount(long workshopId) {
        return questions.count(workshopId);
    }

    /** The stored votes of a question (what {@code upvotes} must equal); for checks. */
    @Transactional(readOnly = true)
    public int storedVotes(long questionId) {
        return questions.countVotes(questionId);
    }
}
