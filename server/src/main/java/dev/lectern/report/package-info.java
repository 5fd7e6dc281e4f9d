/**
 * The workshop report (CONTRACT §7.6): attendance as sessions, peak concurrency and engagement counts,
 * as JSON and CSV, for the host and co-hosts. Engagement that other features own (questions, poll
 * ballots, reactions) arrives through {@link dev.lectern.report.EngagementSource} beans those features
 * provide; without one, its counts are zero.
 */
package dev.lectern.report;
