-- The webinar toolkit's per-workshop settings (CONTRACT §7) and the attendee columns that admission
-- and panelists need. Added in one migration before the features that use them, so that the features'
-- own migrations (V10+ Q&A, V11+ polls and reactions, V20+ admission, V30+ platform, V40+ reports and
-- webhooks) never touch the same table definition twice.
ALTER TABLE workshops ADD COLUMN admission VARCHAR(16) NOT NULL DEFAULT 'open';
ALTER TABLE workshops ADD CONSTRAINT workshops_admission CHECK (admission IN ('open', 'waiting_room'));
ALTER TABLE workshops ADD COLUMN qa_mode VARCHAR(16) NOT NULL DEFAULT 'open';
ALTER TABLE workshops ADD CONSTRAINT workshops_qa_mode CHECK (qa_mode IN ('open', 'moderated', 'off'));
ALTER TABLE workshops ADD COLUMN qa_anonymous BOOLEAN NOT NULL DEFAULT FALSE;

-- An invite's role (§7.1): a panelist is a publisher and a moderator of Q&A and polls (§7.2).
ALTER TABLE workshop_attendees ADD COLUMN is_panelist BOOLEAN NOT NULL DEFAULT FALSE;
-- The waiting room's verdict for the workshop's life (§7.2): NULL (not decided), admitted or denied.
ALTER TABLE workshop_attendees ADD COLUMN admission VARCHAR(16);
ALTER TABLE workshop_attendees ADD CONSTRAINT workshop_attendees_admission
    CHECK (admission IS NULL OR admission IN ('admitted', 'denied'));
