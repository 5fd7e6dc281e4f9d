package dev.lectern.notification;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/** One notification, as REST lists it and {@code notification:new} pushes it. */
public record Notification(
        long id, @JsonIgnore long userId, String type, JsonNode payload, Instant createdAt, Instant readAt) {}
