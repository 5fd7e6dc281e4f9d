package dev.lectern.rtc;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One service block of an AccessToken2: its type, its privileges (id → lifetime in seconds relative to
 * the token's issueTs) and the fields that identify the holder. Only the services Lectern issues or
 * must read are modelled; the parser refuses the others rather than guessing their layout.
 */
public sealed interface TokenService {

    int RTC = 1;
    int RTM = 2;
    int CHAT = 5;

    int type();

    SortedMap<Integer, Long> privileges();

    /** @param uid unsigned decimal uid, or "" for the wildcard uid 0, or a user account */
    record Rtc(String channelName, String uid, SortedMap<Integer, Long> privileges) implements TokenService {
        public Rtc {
            Objects.requireNonNull(channelName, "channelName == null");
            Objects.requireNonNull(uid, "uid == null");
            privileges = copy(privileges);
        }

        @Override
        public int type() {
            return RTC;
        }
    }

    record Rtm(String userId, SortedMap<Integer, Long> privileges) implements TokenService {
        public Rtm {
            Objects.requireNonNull(userId, "userId == null");
            privileges = copy(privileges);
        }

        @Override
        public int type() {
            return RTM;
        }
    }

    record Chat(String userId, SortedMap<Integer, Long> privileges) implements TokenService {
        public Chat {
            Objects.requireNonNull(userId, "userId == null");
            privileges = copy(privileges);
        }

        @Override
        public int type() {
            return CHAT;
        }
    }

    /** Sorted because the wire format (and so the signature) depends on key order, as with Agora's TreeMap. */
    private static SortedMap<Integer, Long> copy(Map<Integer, Long> privileges) {
        Objects.requireNonNull(privileges, "privileges == null");
        privileges.forEach((id, seconds) -> {
            if (id < 0 || id > 0xFFFF || seconds < 0 || seconds > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("privilege " + id + "=" + seconds + " is out of range");
            }
        });
        return Collections.unmodifiableSortedMap(new TreeMap<>(privileges));
    }
}
