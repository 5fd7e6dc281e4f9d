-- Platform integration (CONTRACT §7.1, §7.6): who banned whom and when, the calendar's SEQUENCE, the
-- moment the start last moved (reminders already past then are skipped), planned reminders, and each
-- user's secret calendar feed token. Portable as V1 says.

-- A ban's record for GET …/bans; set where remove-user bans. Older bans have neither.
ALTER TABLE workshop_attendees ADD COLUMN removed_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE workshop_attendees ADD COLUMN removed_by BIGINT;

-- RFC 5545 SEQUENCE: raised on every change of start, duration, title or status.
ALTER TABLE workshops ADD COLUMN calendar_sequence INTEGER NOT NULL DEFAULT 0;
-- When the start last changed; NULL if never. Reminders due before it are not planned for the new start.
ALTER TABLE workshops ADD COLUMN start_changed_at TIMESTAMP WITH TIME ZONE;

-- One row per planned reminder: the key makes "once per user, offset and start" a database fact, so
-- several nodes (or a restart in the middle of a round) cannot send one twice. sent_at NULL = pending;
-- skipped = superseded by a later offset that came due at the same time (recovery sends only that one).
CREATE TABLE workshop_reminders (
    workshop_id     BIGINT  NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
    user_id         BIGINT  NOT NULL REFERENCES users (id),
    minutes_before  INTEGER NOT NULL CHECK (minutes_before > 0),
    scheduled_start TIMESTAMP WITH TIME ZONE NOT NULL,
    due_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    sent_at         TIMESTAMP WITH TIME ZONE,
    skipped         BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (workshop_id, user_id, minutes_before, scheduled_start)
);
CREATE INDEX workshop_reminders_due ON workshop_reminders (sent_at, due_at);

-- The secret of a user's calendar feed (GET /api/calendar/{token}.ics); rotating replaces it.
CREATE TABLE calendar_feeds (
    user_id    BIGINT PRIMARY KEY REFERENCES users (id),
    token      VARCHAR(64) NOT NULL UNIQUE,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
