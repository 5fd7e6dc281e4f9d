package dev.lectern.signaling;

import dev.lectern.signaling.Outbound.UserRef;
import dev.lectern.workshop.Moderation;
import dev.lectern.workshop.RoomState;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The hand queue, speaking rights, co-hosts, mute and remove: one service call, then the room hears of
 * it. The service publishes {@code RoomChanged} for whatever it changed, which is how cached room state
 * learns of it ({@link RoomSnapshots}); nothing here has to remember that.
 */
@Component
class ModerationEvents {

    private final Moderation moderation;
    private final Evictions evictions;
    private final RoomBroadcaster broadcaster;
    private final Moderators moderators;

    ModerationEvents(Moderation moderation, Evictions evictions, RoomBroadcaster broadcaster, Moderators moderators) {
        this.moderation = moderation;
        this.evictions = evictions;
        this.broadcaster = broadcaster;
        this.moderators = moderators;
    }

    /**
     * Raising twice keeps the first time (the queue is ordered by it) and tells the room once: a repeat
     * is acked with that time, writes nothing and broadcasts nothing.
     */
    Map<String, ?> raiseHand(Call call) {
        Moderation.Hand hand =
                moderation.raiseHand(call.workshopId(), call.user().id());
        var raised = Outbound.HandRaised.of(new RoomState.RaisedHand(call.user().id(), hand.raisedAt()));
        if (hand.raisedNow()) {
            broadcaster.send(call.workshopId(), "workshop:hand-raised", raised);
        }
        return Map.of("raisedAt", raised.raisedAt());
    }

    /** Lowering a hand that is down is acked and changes (and tells) nothing. */
    Map<String, ?> lowerHand(Call call) {
        if (moderation.lowerHand(call.workshopId(), call.user().id(), call.target())) {
            broadcaster.send(call.workshopId(), "workshop:hand-lowered", new UserRef(call.target()));
        }
        return Map.of();
    }

    Map<String, ?> approveSpeaker(Call call) {
        boolean handWasUp =
                moderation.approveSpeaker(call.workshopId(), call.user().id(), call.target());
        broadcaster.send(call.workshopId(), "workshop:speaker-approved", new UserRef(call.target()));
        if (handWasUp) {
            broadcaster.send(call.workshopId(), "workshop:hand-lowered", new UserRef(call.target()));
        }
        return Map.of();
    }

    Map<String, ?> revokeSpeaker(Call call) {
        moderation.revokeSpeaker(call.workshopId(), call.user().id(), call.target());
        broadcaster.send(call.workshopId(), "workshop:speaker-revoked", new UserRef(call.target()));
        return Map.of();
    }

    Map<String, ?> promoteCoHost(Call call) {
        moderation.promoteCoHost(call.workshopId(), call.user().id(), call.target());
        moderators.set(call.workshopId(), call.target(), true);
        broadcaster.send(call.workshopId(), "workshop:cohost-promoted", new UserRef(call.target()));
        return Map.of();
    }

    Map<String, ?> demoteCoHost(Call call) {
        moderation.demoteCoHost(call.workshopId(), call.user().id(), call.target());
        moderators.set(call.workshopId(), call.target(), false);
        broadcaster.send(call.workshopId(), "workshop:cohost-demoted", new UserRef(call.target()));
        return Map.of();
    }

    Map<String, ?> muteUser(Call call) {
        moderation.checkMute(call.workshopId(), call.user().id(), call.target());
        broadcaster.send(call.workshopId(), "workshop:user-muted", new UserRef(call.target()));
        return Map.of();
    }

    /** The room, the removed user's sockets included, hears it first; then those sockets leave the room. */
    Map<String, ?> removeUser(Call call) {
        long workshopId = call.workshopId();
        moderation.remove(workshopId, call.user().id(), call.target());
        moderators.set(workshopId, call.target(), false);
        broadcaster.send(workshopId, "workshop:user-removed", new UserRef(call.target()));
        evictions.evict(workshopId, call.target());
        return Map.of();
    }
}
