package dev.lectern.report;

import dev.lectern.report.EngagementSource.Kind;
import dev.lectern.report.WorkshopReport.AttendeeLine;
import dev.lectern.report.WorkshopReport.MinuteCounts;
import dev.lectern.report.WorkshopReport.Session;
import dev.lectern.system.LecternException.InvalidState;
import dev.lectern.system.Sql;
import dev.lectern.workshop.Access;
import dev.lectern.workshop.Memberships;
import dev.lectern.workshop.Workshop;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Builds the report of a workshop that has gone live: the sessions of everyone but the host (co-hosts
 * and panelists are attendees), their present time, the peak of concurrent presence, and the
 * engagement counts of every {@link EngagementSource} there is.
 */
@Service
public class ReportService {

    private final Memberships memberships;
    private final ReportRepository repository;
    private final ObjectProvider<EngagementSource> sources;
    private final Clock clock;

    ReportService(
            Memberships memberships,
            ReportRepository repository,
            ObjectProvider<EngagementSource> sources,
            Clock clock) {
        this.memberships = memberships;
        this.repository = repository;
        this.sources = sources;
        this.clock = clock;
    }

    /** For the host and co-hosts; 409 {@code invalid_state} before the workshop has gone live. */
    @Transactional(readOnly = true)
    public WorkshopReport of(long workshopId, long userId) {
        Workshop w = memberships
                .require(workshopId, userId, Access.MANAGE, "see the report of")
                .workshop();
        return build(w);
    }

    /**
     * The report with no caller (the {@code report.ready} webhook), in the caller's transaction if there is
     * one, so the end's own changes (everyone left, sessions closed) are in it.
     */
    @Transactional(readOnly = true)
    public WorkshopReport build(Workshop w) {
        if (w.startedAt() == null) {
            throw new InvalidState("the workshop has not gone live yet: there is no report");
        }
        Instant now = Sql.now(clock);
        // still-open sessions run until now (the workshop is live); an ended workshop has none open
        Instant openUntil = w.endedAt() != null ? w.endedAt() : now;
        Map<Kind, Counts> counts = counts(w.id());

        Map<Long, List<Session>> sessions = new LinkedHashMap<>();
        Map<Long, String> names = new HashMap<>();
        List<long[]> edges = new ArrayList<>(); // {time, +1 join | -1 leave}
        for (ReportRepository.SessionRow s : repository.sessions(w.id(), w.hostId())) {
            sessions.computeIfAbsent(s.userId(), k -> new ArrayList<>()).add(new Session(s.joinedAt(), s.leftAt()));
            names.put(s.userId(), s.displayName());
            Instant end = s.leftAt() != null ? s.leftAt() : max(openUntil, s.joinedAt());
            edges.add(new long[] {s.joinedAt().toEpochMilli(), 1});
            edges.add(new long[] {end.toEpochMilli(), -1});
        }

        List<AttendeeLine> lines = new ArrayList<>();
        long presentTotal = 0;
        for (Map.Entry<Long, List<Session>> e : sessions.entrySet()) {
            long userId = e.getKey();
            long present = 0;
            for (Session s : e.getValue()) {
                Instant end = s.leftAt() != null ? s.leftAt() : max(openUntil, s.joinedAt());
                present += Duration.between(s.joinedAt(), end).toMillis();
            }
            presentTotal += present;
            lines.add(new AttendeeLine(
                    userId,
                    names.get(userId),
                    List.copyOf(e.getValue()),
                    present,
                    counts.get(Kind.CHAT).of(userId),
                    counts.get(Kind.QUESTIONS).of(userId),
                    counts.get(Kind.POLL_VOTES).of(userId),
                    counts.get(Kind.HAND_RAISES).of(userId)));
        }
        return new WorkshopReport(
                w.id(),
                w.startedAt(),
                w.endedAt(),
                lines.size(),
                peak(edges),
                lines.isEmpty() ? 0 : Math.round((double) presentTotal / lines.size()),
                counts.get(Kind.CHAT).total,
                counts.get(Kind.QUESTIONS).total,
                counts.get(Kind.POLL_VOTES).total,
                counts.get(Kind.REACTIONS).total,
                counts.get(Kind.REACTIONS).minutes,
                lines);
    }

    /** The most sessions open at once; a leave and a join at the same instant are not counted as overlapping. */
    static int peak(List<long[]> edges) {
        edges.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int open = 0;
        int peak = 0;
        for (long[] e : edges) {
            open += (int) e[1];
            peak = Math.max(peak, open);
        }
        return peak;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private Map<Kind, Counts> counts(long workshopId) {
        Map<Kind, Counts> counts = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) {
            counts.put(k, new Counts());
        }
        sources.orderedStream().forEach(source -> {
            Counts c = counts.get(source.kind());
            c.total += source.total(workshopId);
            source.perUser(workshopId).forEach((user, n) -> c.perUser.merge(user, n, Integer::sum));
            for (EngagementSource.Minute m : source.perMinute(workshopId)) {
                c.byMinute
                        .computeIfAbsent(m.minute(), k -> new TreeMap<>())
                        .putAll(merge(c.byMinute.get(m.minute()), m.counts()));
            }
        });
        counts.values()
                .forEach(c -> c.byMinute.forEach((minute, byName) -> c.minutes.add(new MinuteCounts(minute, byName))));
        return counts;
    }

    private static Map<String, Long> merge(Map<String, Long> into, Map<String, Long> more) {
        Map<String, Long> out = new TreeMap<>(into == null ? Map.of() : into);
        more.forEach((name, n) -> out.merge(name, n, Long::sum));
        return out;
    }

    private static final class Counts {
        long total;
        final Map<Long, Integer> perUser = new HashMap<>();
        final TreeMap<Instant, Map<String, Long>> byMinute = new TreeMap<>();
        final List<MinuteCounts> minutes = new ArrayList<>();

        int of(long userId) {
            return perUser.getOrDefault(userId, 0);
        }
    }
}
