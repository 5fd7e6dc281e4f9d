package dev.lectern.identity;

/** The authenticated caller, as the JWT describes them. */
public record CurrentUser(long id, String displayName, String avatarUrl) {}
