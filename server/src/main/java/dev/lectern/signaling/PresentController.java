package dev.lectern.signaling;

import dev.lectern.identity.CurrentUser;
import dev.lectern.system.LecternException.InvalidPayload;
import dev.lectern.workshop.Access;
import dev.lectern.workshop.Memberships;
import dev.lectern.workshop.RoomService;
import dev.lectern.workshop.RoomState;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/workshops/{id}/present}: who is in a room now, for its moderators, a page at a time
 * (CONTRACT §4 "Big rooms": above the presence limit {@code workshop:state} lists only the stage).
 * Pages run in user-id order and the cursor is the last id returned, so a page never repeats or skips
 * someone who stays present while the moderator pages, whoever comes and goes meanwhile. {@code q}
 * keeps users whose display name contains it (any case); a search reads at most {@link #SCAN} present
 * users per request and says where to go on with {@code nextCursor}, so no request grows with the room.
 */
@RestController
@RequestMapping("/api/workshops")
class PresentController {

    static final int SCAN = 2_000;
    private static final int CHUNK = 500;

    private final Memberships memberships;
    private final PresenceStore presence;
    private final RoomService roomService;

    PresentController(Memberships memberships, PresenceStore presence, RoomService roomService) {
        this.memberships = memberships;
        this.presence = presence;
        this.roomService = roomService;
    }

    record Present(List<Outbound.Attendee> items, String nextCursor, int presentCount) {}

    @GetMapping("/{id}/present")
    Present present(
            CurrentUser me,
            @PathVariable @Positive long id,
            @RequestParam(required = false) @Size(max = 40) String cursor,
            @RequestParam(defaultValue = "100") @Min(1) @Max(200) int limit,
            @RequestParam(required = false) @Size(max = 100) String q) {
        memberships.require(id, me.id(), Access.MANAGE, "see who is present");
        long after = decode(cursor);
        String needle = q == null || q.isBlank() ? null : q.strip().toLowerCase(Locale.ROOT);
        List<Long> ids =
                presence.users(id).stream().filter(u -> u > after).sorted().toList();
        List<Outbound.Attendee> items = new ArrayList<>(limit);
        int scanned = 0;
        long last = after;
        while (scanned < ids.size() && items.size() < limit && scanned < SCAN) {
            int take = needle == null ? limit - items.size() : Math.min(CHUNK, SCAN - scanned);
            List<Long> chunk = ids.subList(scanned, Math.min(ids.size(), scanned + take));
            for (RoomState.Person p : roomService.people(id, chunk)) { // in id order
                last = p.userId();
                if (needle == null || p.displayName().toLowerCase(Locale.ROOT).contains(needle)) {
                    items.add(Outbound.Attendee.of(p));
                    if (items.size() == limit) {
                        break;
                    }
                }
            }
            if (items.size() < limit) {
                last = chunk.get(chunk.size() - 1); // the whole chunk was read
            }
            scanned = ids.indexOf(last) + 1;
        }
        boolean more = scanned < ids.size();
        return new Present(items, more ? encode(last) : null, presence.count(id));
    }

    private static String encode(long userId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("p:" + userId).getBytes(StandardCharsets.UTF_8));
    }

    private static long decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return 0;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!raw.startsWith("p:")) {
                throw new IllegalArgumentException("not a cursor");
            }
            long id = Long.parseLong(raw.substring(2));
            if (id < 1) {
                throw new IllegalArgumentException("not a cursor");
            }
            return id;
        } catch (RuntimeException e) {
            throw new InvalidPayload("cursor is not one this server issued", Map.of("cursor", "invalid"));
        }
    }
}
