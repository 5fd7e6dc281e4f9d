-- The reference server's tables: the subset of the original design's models that join, chat and the
-- two REST reads touch. The bench creates a fresh database for it on every run.
CREATE TABLE users (
  id          bigint PRIMARY KEY,
  name        text NOT NULL,
  avatar_url  text
);
CREATE TABLE workshops (
  id                 bigserial PRIMARY KEY,
  title              text NOT NULL,
  description        text,
  host_id            bigint NOT NULL REFERENCES users (id),
  status             text NOT NULL,
  is_private         boolean NOT NULL DEFAULT false,
  scheduled_start    timestamptz NOT NULL,
  duration_minutes   int NOT NULL,
  max_attendees      int,
  category_id        bigint,
  agora_channel      text NOT NULL,
  actual_started_at  timestamptz,
  ended_at           timestamptz,
  recording_status   text NOT NULL DEFAULT 'none'
);
CREATE TABLE workshop_attendees (
  workshop_id  bigint NOT NULL REFERENCES workshops (id),
  user_id      bigint NOT NULL REFERENCES users (id),
  status       text NOT NULL,
  is_co_host   boolean NOT NULL DEFAULT false,
  can_speak    boolean NOT NULL DEFAULT false,
  hand_raised_at timestamptz,
  joined_at    timestamptz,
  left_at      timestamptz,
  PRIMARY KEY (workshop_id, user_id)
);
CREATE TABLE workshop_chat (
  id           bigserial PRIMARY KEY,
  workshop_id  bigint NOT NULL REFERENCES workshops (id),
  user_id      bigint NOT NULL REFERENCES users (id),
  message      text NOT NULL,
  offset_ms    bigint NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX workshop_chat_workshop ON workshop_chat (workshop_id, id);
