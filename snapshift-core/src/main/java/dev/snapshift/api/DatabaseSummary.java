package dev.snapshift.api;

/**
 * A database of the source as the migration wizard lists it.
 *
 * @param estimatedRows the sum of the tables' row estimates (information_schema: approximate for
 *     InnoDB)
 * @param bytes the tables' data length
 */
public record DatabaseSummary(String name, int tables, long estimatedRows, long bytes) {}
