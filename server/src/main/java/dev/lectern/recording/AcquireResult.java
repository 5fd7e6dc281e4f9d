package dev.lectern.recording;

/** @param resourceId single use, and valid for 5 minutes: start promptly */
public record AcquireResult(String resourceId, int attempts) {}
