package dev.lectern.qa;

import java.util.List;

/**
 * The export (RFC 4180: CRLF, quoted where needed). Anonymous rows leave the author empty. A cell
 * that a spreadsheet would read as a formula (=, +, -, @, tab, CR) is prefixed with an apostrophe:
 * questions are typed by strangers, the file is opened by the host.
 */
final class QuestionsCsv {

    static final String HEADER = "id,createdAt,offsetMs,status,anonymous,userId,displayName,text,upvotes,"
            + "answerText,answerLive,answeredBy,answeredAt";

    private QuestionsCsv() {}

    static String of(List<Question> questions) {
        StringBuilder out = new StringBuilder(HEADER).append("\r\n");
        for (Question q : questions) {
            Question.Answer a = q.answer();
            row(
                    out,
                    String.valueOf(q.id()),
                    q.createdAt().toString(),
                    String.valueOf(q.offsetMs()),
                    q.status().wire(),
                    String.valueOf(q.anonymous()),
                    q.userId() == null ? "" : String.valueOf(q.userId()),
                    q.displayName(),
                    q.text(),
                    String.valueOf(q.upvotes()),
                    a == null ? null : a.text(),
                    a == null ? "" : String.valueOf(a.live()),
                    a == null ? "" : String.valueOf(a.userId()),
                    a == null ? "" : a.answeredAt().toString());
        }
        return out.toString();
    }

    private static void row(StringBuilder out, String... cells) {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(cell(cells[i]));
        }
        out.append("\r\n");
    }

    static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String v = "=+-@\t\r".indexOf(value.charAt(0)) >= 0 && !value.matches("-?\\d+") ? "'" + value : value;
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }
}
