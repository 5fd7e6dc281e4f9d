package dev.lectern.library;

/** Published inside the transaction that filed a new video in the library (the webhook outbox listens). */
public record VideoCreated(Video video) {}
