package dev.lectern.notification;

import java.util.List;

/** New notifications, delivered to listeners after their transaction commits (for the live push). */
public record NotificationsCreated(List<Notification> notifications) {}
