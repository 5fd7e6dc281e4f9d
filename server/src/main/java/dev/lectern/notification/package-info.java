/** Notifications for users: stored, listed over REST, pushed live on the {@code /notifications} namespace. */
package dev.lectern.notification;
