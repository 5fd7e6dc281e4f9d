package dev.lectern.calendar;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs reminder rounds on every node (the rows, not the schedule, make each reminder go once); every 20 s
 * by default, so a reminder goes out well within a minute of its due time. Off in tests, which call
 * {@link Reminders#runOnce} with a controlled clock, as the lifecycle jobs are.
 */
@Component
@ConditionalOnProperty(name = "lectern.jobs.enabled", havingValue = "true", matchIfMissing = true)
class ReminderSchedule {

    private static final Logger log = LoggerFactory.getLogger(ReminderSchedule.class);

    private final Reminders reminders;

    ReminderSchedule(Reminders reminders) {
        this.reminders = reminders;
    }

    @Scheduled(
            fixedDelayString = "${lectern.platform.reminder-interval:20s}",
            initialDelayString = "${lectern.platform.reminder-interval:20s}")
    void run() {
        try {
            int sent = reminders.runOnce();
            if (sent > 0) {
                log.info("reminders: {} sent", sent);
            }
        } catch (RuntimeException e) {
            log.warn("reminder round failed; retrying next round", e);
        }
    }
}
