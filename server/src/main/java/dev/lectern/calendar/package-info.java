/**
 * Reminders before a workshop starts and calendar files and feeds (CONTRACT §7.6): planned reminder rows
 * claimed across nodes, and iCalendar written with ical4j.
 */
package dev.lectern.calendar;
