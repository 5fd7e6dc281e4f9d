package dev.lectern.recording;

/**
 * @param sid the recording id for query/stop; null only when {@code alreadyStarted} and Agora did
 *     not repeat it
 * @param alreadyStarted Agora answered 201 code 7: this resource is already recording, typically
 *     because an earlier attempt whose reply was lost got through. Starting again cannot help
 */
public record StartResult(String sid, boolean alreadyStarted, int attempts) {}
