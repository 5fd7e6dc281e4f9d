package dev.lectern.report;

import dev.lectern.report.WorkshopReport.AttendeeLine;
import dev.lectern.report.WorkshopReport.Session;
import java.time.Instant;

/**
 * The attendance CSV (RFC 4180): one row per report attendee. Display names come from users, so a cell
 * that a spreadsheet would run as a formula ({@code =}, {@code +}, {@code -}, {@code @}, tab, CR) is
 * prefixed with an apostrophe (OWASP's advice against CSV injection), and every text cell is quoted.
 */
final class ReportCsv {

    static final String HEADER = "userId,displayName,sessions,firstJoinedAt,lastLeftAt,presentMs,"
            + "chatMessages,questionsAsked,pollsAnswered,handRaises";

    private ReportCsv() {}

    static String of(WorkshopReport report) {
        StringBuilder out = new StringBuilder(HEADER).append("\r\n");
        for (AttendeeLine a : report.attendees()) {
            Session first = a.sessions().getFirst();
            Session last = a.sessions().getLast();
            out.append(a.userId())
                    .append(',')
                    .append(text(a.displayName()))
                    .append(',')
                    .append(a.sessions().size())
                    .append(',')
                    .append(time(first.joinedAt()))
                    .append(',')
                    .append(time(last.leftAt()))
                    .append(',')
                    .append(a.presentMs())
                    .append(',')
                    .append(a.chatMessages())
                    .append(',')
                    .append(a.questionsAsked())
                    .append(',')
                    .append(a.pollsAnswered())
                    .append(',')
                    .append(a.handRaises())
                    .append("\r\n");
        }
        return out.toString();
    }

    private static String time(Instant t) {
        return t == null ? "" : t.toString();
    }

    static String text(String s) {
        if (s == null) {
            return "";
        }
        String cell = !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
        return '"' + cell.replace("\"", "\"\"") + '"';
    }
}
