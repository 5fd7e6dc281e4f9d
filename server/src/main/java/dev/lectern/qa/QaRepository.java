package dev.lectern.qa;

import static dev.lectern.system.Sql.instant;
import static dev.lectern.system.Sql.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

@Repository
class QaRepository {

    /** A stored question with its real author, which only the service sees. */
    record Row(Question question, long authorId) {}

    /** A row of a list: the question and whether the reader has upvoted it. */
    record Listed(Row row, boolean upvotedByMe) {}

    private static final String COLUMNS = """
            q.*, u.display_name AS author_name, a.display_name AS answerer_name
            """;
    private static final String FROM = """
             FROM questions q JOIN users u ON u.id = q.user_id LEFT JOIN users a ON a.id = q.answered_by
            """;

    private final JdbcClient jdbc;

    QaRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insert(
            long workshopId,
            long userId,
            boolean anonymous,
            String text,
            QuestionStatus status,
            long offsetMs,
            Instant createdAt) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO questions (workshop_id, user_id, anonymous, text, status, created_at, offset_ms)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(workshopId, userId, anonymous, text, status.wire(), ts(createdAt), offsetMs)
                .update(keys, "id");
        return keys.getKeyAs(Long.class);
    }

    /** How many questions the user asked in the workshop since {@code since}. */
    int askedSince(long workshopId, long userId, Instant since) {
        return jdbc.sql("SELECT COUNT(*) FROM questions WHERE workshop_id = ? AND user_id = ? AND created_at > ?")
                .params(workshopId, userId, ts(since))
                .query(Integer.class)
                .single();
    }

    Optional<Row> find(long questionId) {
        return jdbc.sql("SELECT " + COLUMNS + FROM + " WHERE q.id = ?")
                .param(questionId)
                .query(QaRepository::map)
                .optional();
    }

    /** Locks the question's row for the rest of the transaction: votes and moderation of it take turns. */
    boolean lock(long workshopId, long questionId) {
        return jdbc.sql("SELECT id FROM questions WHERE id = ? AND workshop_id = ? FOR UPDATE")
                .params(questionId, workshopId)
                .query(Long.class)
                .optional()
                .isPresent();
    }

    void setStatus(long questionId, QuestionStatus status) {
        jdbc.sql("UPDATE questions SET status = ? WHERE id = ?")
                .params(status.wire(), questionId)
                .update();
    }

    void answer(long questionId, String text, boolean live, long answeredBy, Instant at) {
        jdbc.sql("""
                UPDATE questions SET status = 'answered', answer_text = ?, answer_live = ?, answered_by = ?, answered_at = ?
                WHERE id = ?""").params(text, live, answeredBy, ts(at), questionId).update();
    }

    void reopen(long questionId) {
        jdbc.sql("""
                UPDATE questions SET status = 'published', answer_text = NULL, answer_live = FALSE, answered_by = NULL,
                answered_at = NULL WHERE id = ?""").param(questionId).update();
    }

    /** Toggles the user's vote (the caller holds the question's lock); true when the vote is now cast. */
    boolean toggleVote(long questionId, long userId) {
        int removed = jdbc.sql("DELETE FROM question_votes WHERE question_id = ? AND user_id = ?")
                .params(questionId, userId)
                .update();
        if (removed == 0) {
            jdbc.sql("INSERT INTO question_votes (question_id, user_id) VALUES (?, ?)")
                    .params(questionId, userId)
                    .update();
        }
        jdbc.sql("UPDATE questions SET upvotes = upvotes + ? WHERE id = ?")
                .params(removed == 0 ? 1 : -1, questionId)
                .update();
        return removed == 0;
    }

    int upvotes(long questionId) {
        return jdbc.sql("SELECT upvotes FROM questions WHERE id = ?")
                .param(questionId)
                .query(Integer.class)
                .single();
    }

    int countVotes(long questionId) {
        return jdbc.sql("SELECT COUNT(*) FROM question_votes WHERE question_id = ?")
                .param(questionId)
                .query(Integer.class)
                .single();
    }

    /**
     * A workshop's questions with the given statuses, plus {@code alsoPendingOf}'s own pending ones
     * (0 for none), in the order asked for.
     */
    List<Listed> list(long workshopId, Set<QuestionStatus> statuses, long alsoPendingOf, long reader, boolean top) {
        String in = String.join(
                ",", statuses.stream().map(s -> "'" + s.wire() + "'").toList());
        String where = " WHERE q.workshop_id = ? AND (q.status IN (" + (in.isEmpty() ? "''" : in) + ")"
                + " OR (q.status = 'pending' AND q.user_id = ?))";
        String order = top ? " ORDER BY q.upvotes DESC, q.created_at, q.id" : " ORDER BY q.created_at DESC, q.id DESC";
        return jdbc.sql("SELECT " + COLUMNS + ", v.user_id AS my_vote" + FROM
                        + " LEFT JOIN question_votes v ON v.question_id = q.id AND v.user_id = ?" + where + order)
                .params(reader, workshopId, alsoPendingOf)
                .query((rs, n) -> new Listed(map(rs, n), rs.getObject("my_vote") != null))
                .list();
    }

    /** Every question of the workshop, oldest first (the export). */
    List<Row> all(long workshopId) {
        return jdbc.sql("SELECT " + COLUMNS + FROM + " WHERE q.workshop_id = ? ORDER BY q.created_at, q.id")
                .param(workshopId)
                .query(QaRepository::map)
                .list();
    }

    Map<Long, Integer> askedByName(long workshopId) {
        Map<Long, Integer> counts = new LinkedHashMap<>();
        jdbc.sql(
                        "SELECT user_id, COUNT(*) AS n FROM questions WHERE workshop_id = ? AND anonymous = FALSE GROUP BY user_id ORDER BY user_id")
                .param(workshopId)
                .query(rs -> {
                    counts.put(rs.getLong("user_id"), rs.getInt("n"));
                });
        return counts;
    }

    long count(long workshopId) {
        return jdbc.sql("SELECT COUNT(*) FROM questions WHERE workshop_id = ?")
                .param(workshopId)
                .query(Long.class)
                .single();
    }

    boolean isPanelist(long workshopId, long userId) {
        return jdbc.sql("SELECT is_panelist FROM workshop_attendees WHERE workshop_id = ? AND user_id = ?")
                .params(workshopId, userId)
                .query(Boolean.class)
                .optional()
                .orElse(false);
    }

    /** Host, co-hosts and panelists who are not removed. */
    Set<Long> moderators(long workshopId) {
        return Set.copyOf(
                jdbc.sql("""
                SELECT host_id FROM workshops WHERE id = ?
                UNION SELECT user_id FROM workshop_attendees WHERE workshop_id = ? AND status <> 'removed'
                AND (is_co_host = TRUE OR is_panelist = TRUE)""").params(workshopId, workshopId).query(Long.class).list());
    }

    static Row map(ResultSet rs, int row) throws SQLException {
        boolean anonymous = rs.getBoolean("anonymous");
        long author = rs.getLong("user_id");
        Question.Answer answer = null;
        long answeredBy = rs.getLong("answered_by");
        if (!rs.wasNull()) {
            answer = new Question.Answer(
                    rs.getString("answer_text"),
                    rs.getBoolean("answer_live"),
                    answeredBy,
                    rs.getString("answerer_name"),
                    instant(rs, "answered_at"));
        }
        Question q = new Question(
                rs.getLong("id"),
                rs.getLong("workshop_id"),
                anonymous ? null : author,
                anonymous ? null : rs.getString("author_name"),
                anonymous,
                rs.getString("text"),
                QuestionStatus.fromWire(rs.getString("status")),
                rs.getInt("upvotes"),
                answer,
                instant(rs, "created_at"),
                rs.getLong("offset_ms"));
        return new Row(q, author);
    }
}
