/**
 * Q&A (CONTRACT §7.3): questions, upvotes, moderation and answers, their visibility rules (moderated
 * and anonymous), the CSV export and the counts the report reads. Knows nothing of sockets: the edge
 * ({@code signaling.QaEvents}) routes what {@link dev.lectern.qa.QaService} says to whom it says.
 */
package dev.lectern.qa;
