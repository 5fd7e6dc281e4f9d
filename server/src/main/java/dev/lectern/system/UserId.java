package dev.lectern.system;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A person's id, which doubles as their Agora uid (CONTRACT §2/§8). Agora uids are unsigned 32-bit,
 * 0..4294967295, 0 being the wildcard; the top sixteen, 4294967280..4294967295, are Lectern's own (the
 * cloud recorder's uid among them) so a recorder can never collide with, and kick out, a person in the
 * channel. So a person's id is 1..4294967279. This class is the one place those ranges are written
 * down: the JWT {@code sub}, dev login, invites, a socket {@code targetUserId} and the token builders
 * all check against it. Inside the server ids travel as plain {@code long}s where a record would only
 * add boxing; the edges parse into this type.
 */
public record UserId(long value) {

    /** The largest Agora uid (2^32 - 1). */
    public static final long MAX_AGORA_UID = 0xFFFF_FFFFL;
    /** The first of the sixteen uids Lectern keeps for itself. */
    public static final long FIRST_RESERVED = 4_294_967_280L;
    /** The largest id a person can have; a compile-time constant so {@code @Max(UserId.MAX)} can use it. */
    public static final long MAX = FIRST_RESERVED - 1;

    private static final Pattern DECIMAL = Pattern.compile("[1-9][0-9]{0,9}");

    public UserId {
        if (!isPerson(value)) {
            throw new IllegalArgumentException("a user id is 1.." + MAX + ", was " + value);
        }
    }

    /** 1..{@link #MAX}: a person, never the wildcard and never one of Lectern's reserved uids. */
    public static boolean isPerson(long value) {
        return value >= 1 && value <= MAX;
    }

    /** 0..{@link #MAX_AGORA_UID}: anything Agora accepts as a numeric uid. */
    public static boolean isAgoraUid(long value) {
        return value >= 0 && value <= MAX_AGORA_UID;
    }

    /** {@link #FIRST_RESERVED}..{@link #MAX_AGORA_UID}: Lectern's own uids (the recorder's). */
    public static boolean isReserved(long value) {
        return value >= FIRST_RESERVED && value <= MAX_AGORA_UID;
    }

    /** A canonical decimal (no sign, no leading zero, no spaces) naming a person; empty for anything else. */
    public static Optional<UserId> parse(String decimal) {
        if (decimal == null || !DECIMAL.matcher(decimal).matches()) {
            return Optional.empty();
        }
        long value = Long.parseLong(decimal); // at most ten digits: always fits a long
        return isPerson(value) ? Optional.of(new UserId(value)) : Optional.empty();
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
