package dev.snapshift.internal.schema;

/** A source database with its defaults. */
public record DatabaseInfo(String name, String charset, String collation) {}
