/** Agora Cloud Recording: a blocking REST client for acquire → start → query → stop in composite (mix) mode. */
package dev.lectern.recording;
