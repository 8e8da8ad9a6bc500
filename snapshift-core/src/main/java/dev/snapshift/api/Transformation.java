package dev.snapshift.api;

/**
 * One thing snapshift changed so that the target takes the source (or was told to change): listed
 * by the preflight before anything is written, and recorded in the run state and report.
 *
 * @param kind what changed: {@code name}, {@code engine}, {@code primary-key}, {@code collation},
 *     {@code definer}, {@code account}, {@code privilege}, ...
 * @param object the object it concerns, as the source names it ({@code db.table}, {@code
 *     db.table.column}, an account)
 * @param from the source's value (a name, an engine, a collation...); null where not applicable
 * @param to what the target has instead; null where dropped
 * @param reason why: the target setting or option behind it
 */
public record Transformation(String kind, String object, String from, String to, String reason) {
    /** e.g. {@code engine of shop.counts: MyISAM -> InnoDB (--force-innodb)} */
    public String describe() {
        return kind
                + " of "
                + object
                + ": "
                + (from == null ? "" : from + " -> ")
                + (to == null ? "(dropped)" : to)
                + " ("
                + reason
                + ")";
    }
}
