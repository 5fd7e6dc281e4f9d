package dev.lectern.signaling;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lectern.chat.ChatMessage;
import dev.lectern.identity.CurrentUser;
import dev.lectern.workshop.RoomState;
import java.time.Instant;
import java.util.List;

/**
 * What the server emits, as records serialised by the socket port's Jackson 2 (EncodedJson). Instants go out as
 * ISO-8601 strings (that Jackson has no java.time support here), and absent values as {@code null}
 * rather than missing keys (that mapper drops nulls unless told otherwise, as netty-socketio's did).
 */
final class Outbound {

    private Outbound() {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record UserJoined(
            long userId,
            String displayName,
            String avatarUrl,
            @JsonProperty("isHost") boolean isHost,
            @JsonProperty("isCoHost") boolean isCoHost,
            @JsonProperty("isPanelist") boolean isPanelist) {
        static UserJoined of(CurrentUser user, boolean isHost, boolean isCoHost, boolean isPanelist) {
            return new UserJoined(user.id(), user.displayName(), user.avatarUrl(), isHost, isCoHost, isPanelist);
        }
    }

    /** Several arrivals and departures at once, in big or busy rooms (PresenceBatches); beyond the contract. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record PresenceBatch(List<UserJoined> joined, List<Long> left, int presentCount) {}

    /** How many are present, all a big room hears of its plain attendees (BigRooms; CONTRACT §4 "Big rooms"). */
    record PresenceCount(int presentCount) {}

    /** {@code user-left}, {@code hand-lowered}, {@code speaker-approved} and the other one-user events. */
    record UserRef(long userId) {}

    record HandRaised(long userId, String raisedAt) {
        static HandRaised of(RoomState.RaisedHand hand) {
            return new HandRaised(hand.userId(), iso(hand.raisedAt()));
        }
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Chat(
            long id,
            long userId,
            String displayName,
            String avatarUrl,
            String message,
            @JsonProperty("offset_ms") long offsetMs,
            String createdAt) {
        static Chat of(ChatMessage m) {
            return new Chat(
                    m.id(), m.userId(), m.displayName(), m.avatarUrl(), m.message(), m.offsetMs(), iso(m.createdAt()));
        }
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record State(
            long workshopId,
            String status,
            long hostId,
            List<Long> coHostIds,
            List<Long> speakerIds,
            List<HandRaised> raisedHands,
            List<Attendee> attendees,
            String startedAt,
            String endedAt,
            int presentCount,
            boolean fullPresence,
            List<Long> panelistIds) {
        /**
         * @param presentCount users present now (attendees lists them all when {@code fullPresence}, else
         *     only the stage: BigRooms)
         */
        static State of(RoomState s, int presentCount, boolean fullPresence) {
            return new State(
                    s.workshopId(),
                    s.status().wire(),
                    s.hostId(),
                    s.coHostIds(),
                    s.speakerIds(),
                    s.raisedHands().stream().map(HandRaised::of).toList(),
                    s.attendees().stream().map(Attendee::of).toList(),
                    iso(s.startedAt()),
                    iso(s.endedAt()),
                    presentCount,
                    fullPresence,
                    s.panelistIds());
        }
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Attendee(
            long userId,
            String displayName,
            String avatarUrl,
            @JsonProperty("isHost") boolean isHost,
            @JsonProperty("isCoHost") boolean isCoHost,
            boolean canSpeak,
            @JsonProperty("isPanelist") boolean isPanelist) {
        static Attendee of(RoomState.Person p) {
            return new Attendee(
                    p.userId(), p.displayName(), p.avatarUrl(), p.isHost(), p.isCoHost(), p.canSpeak(), p.isPanelist());
        }
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record StateChanged(String status, String startedAt, String endedAt) {}

    /** Sent to the caller alone when an event without an ack callback fails. */
    record ErrorEvent(String event, String code, String message) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record NotificationNew(long id, String type, Object payload, String createdAt) {}

    static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
