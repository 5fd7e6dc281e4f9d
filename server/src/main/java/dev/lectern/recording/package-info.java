/**
 * Agora cloud recording: a blocking REST client for acquire → start → query → stop in composite (mix)
 * mode, run off the request path when a workshop goes live or ends; the signed NCS webhook; and the
 * reconciliation job that covers for notices Agora never delivers.
 */
package dev.lectern.recording;
