package dev.lectern.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The transaction shape {@link dev.lectern.chat.ChatService#post(long, java.util.List)} uses for a group of messages — one transaction, a
 * savepoint per message, and inside it a participating transaction that may fail (the membership
 * check is {@code @Transactional}) — on the embedded default's H2. PostgreSQL runs the real thing in
 * {@link ChatBatchIntegrationTest}; this pins down that a refused message leaves the group intact
 * on H2 too, rather than marking the whole transaction rollback-only.
 */
class ChatSavepointsOnH2Test {

    private JdbcClient jdbc;
    private TransactionTemplate transaction;
    private TransactionTemplate savepoint;
    private TransactionTemplate participating;

    @BeforeEach
    void setUp() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:savepoints-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        jdbc = JdbcClient.create(dataSource);
        jdbc.sql("CREATE TABLE messages (id BIGINT AUTO_INCREMENT PRIMARY KEY, text VARCHAR(100) NOT NULL)")
                .update();
        var transactions = new JdbcTransactionManager(dataSource);
        transaction = new TransactionTemplate(transactions);
        savepoint = new TransactionTemplate(transactions);
        savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        participating = new TransactionTemplate(transactions);
    }

    @Test
    void aRefusedMessageRollsBackToItsSavepointAndTheOthersCommit() {
        List<String> refused = new ArrayList<>();
        transaction.executeWithoutResult(status -> {
            for (String text : List.of("first", "refused", "third")) {
                try {
                    savepoint.executeWithoutResult(s -> participating.executeWithoutResult(p -> {
                        jdbc.sql("INSERT INTO messages (text) VALUES (?)")
                                .param(text)
                                .update();
                        if (text.equals("refused")) {
                            throw new IllegalStateException("not a member");
                        }
                    }));
                } catch (IllegalStateException e) {
                    refused.add(text);
                }
            }
        });

        assertThat(refused).containsExactly("refused");
        assertThat(jdbc.sql("SELECT text FROM messages ORDER BY id")
                        .query(String.class)
                        .list())
                .containsExactly("first", "third");
    }

    @Test
    void aFailedStatementInsideASavepointDoesNotPoisonTheGroup() {
        transaction.executeWithoutResult(status -> {
            jdbc.sql("INSERT INTO messages (text) VALUES ('before')").update();
            assertThatThrownBy(() ->
                            savepoint.executeWithoutResult(s -> jdbc.sql("INSERT INTO messages (text) VALUES (NULL)")
                                    .update()))
                    .isNotNull();
            jdbc.sql("INSERT INTO messages (text) VALUES ('after')").update();
        });

        assertThat(jdbc.sql("SELECT text FROM messages ORDER BY id")
                        .query(String.class)
                        .list())
                .containsExactly("before", "after");
    }
}
