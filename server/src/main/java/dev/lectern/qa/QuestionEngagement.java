package dev.lectern.qa;

import dev.lectern.report.EngagementSource;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Questions for the report (CONTRACT §7.6): all asked, and per attendee only those asked by name. */
@Component
class QuestionEngagement implements EngagementSource {

    private final QaService qa;

    QuestionEngagement(QaService qa) {
        this.qa = qa;
    }

    @Override
    public Kind kind() {
        return Kind.QUESTIONS;
    }

    @Override
    public Map<Long, Integer> perUser(long workshopId) {
        return qa.questionsAskedByName(workshopId);
    }

    @Override
    public long total(long workshopId) {
        return qa.questionCount(workshopId);
    }
}
