/**
 * Several nodes behind one load balancer: this node's identity, the Redis bus that carries
 * broadcasts between nodes, node liveness (heartbeats in PostgreSQL, dead nodes reaped once), and
 * the health of all that. Off unless {@code LECTERN_REDIS_URL} is set; one node needs none of it.
 */
package dev.lectern.cluster;
