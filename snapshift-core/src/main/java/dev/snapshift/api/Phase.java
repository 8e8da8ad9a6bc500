package dev.snapshift.api;

/** The phases of one migration, in order. */
public enum Phase {
    STARTING,
    PREFLIGHT,
    SNAPSHOT,
    SCHEMA,
    COPY,
    FINISH,
    DONE
}
