-- Several nodes (LECTERN_REDIS_URL set): who is present is answered from here, for the whole cluster.
-- A single node keeps presence in memory and never touches these tables.

-- One row per live node; seen_at is stamped with the database's clock every third of LECTERN_NODE_TTL.
CREATE TABLE signaling_nodes (
    node_id    VARCHAR(64) PRIMARY KEY,
    started_at TIMESTAMP WITH TIME ZONE NOT NULL,
    seen_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

-- How many sockets a user has in a workshop's room, over all nodes. The row is also the lock that
-- serialises one user's arrivals and departures, so exactly one of them sees 0 → 1 and 1 → 0.
CREATE TABLE presence_users (
    workshop_id BIGINT  NOT NULL,
    user_id     BIGINT  NOT NULL,
    sockets     INTEGER NOT NULL CHECK (sockets >= 0),
    PRIMARY KEY (workshop_id, user_id)
);
CREATE INDEX presence_users_room ON presence_users (workshop_id, sockets);

-- Each socket in each room, with the node that holds it: what a dead node's reaper takes away.
CREATE TABLE presence_sockets (
    socket_id   VARCHAR(36) NOT NULL,
    workshop_id BIGINT      NOT NULL,
    user_id     BIGINT      NOT NULL,
    node_id     VARCHAR(64) NOT NULL,
    PRIMARY KEY (socket_id, workshop_id)
);
CREATE INDEX presence_sockets_node ON presence_sockets (node_id);
CREATE INDEX presence_sockets_user ON presence_sockets (workshop_id, user_id);
