package dev.snapshift.internal.preflight;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Pure formatting for check details: sizes, durations, name lists. */
final class Texts {
    static final int MAX_NAMES = 10;

    private Texts() {}

    /** Decimal units: 0 B, 999 B, 12.3 kB, 4.5 MB, 1.2 GB, 3.0 TB. */
    static String bytes(long n) {
        if (n < 1000) {
            return n + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB", "PB"};
        double v = n;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** 45s, 12m 30s, 3h 05m, 2d 04h. */
    static String duration(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
        }
        if (s < 86_400) {
            return String.format(Locale.ROOT, "%dh %02dm", s / 3600, (s % 3600) / 60);
        }
        return String.format(Locale.ROOT, "%dd %02dh", s / 86_400, (s % 86_400) / 3600);
    }

    /** At most {@value #MAX_NAMES} names, then "... (N more)". */
    static String names(List<String> names) {
        if (names.size() <= MAX_NAMES) {
            return String.join(", ", names);
        }
        return String.join(", ", names.subList(0, MAX_NAMES))
                + ", ... ("
                + (names.size() - MAX_NAMES)
                + " more)";
    }

    /** "1 table", "3 tables". */
    static String count(long n, String singular, String plural) {
        return n + " " + (n == 1 ? singular : plural);
    }

    /** The statement on one line, cut to {@code max} characters. */
    static String statement(String sql, int max) {
        String s = sql == null ? "" : sql.replaceAll("\\s+", " ").trim();
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }
}
