package dev.snapshift.api;

/** The phases of one migration, in order. */
public enum Phase {
    STARTING,
    PREFLIGHT,
    SNAPSHOT,
    SCHEMA,
    COPY,
    FINISH,
    /** Online: the source's binary log is applied to the target, until cutover is asked for. */
    CATCHUP,
    /** Online: writes stopped, the last changes applied, triggers and events switched on. */
    CUTOVER,
    DONE
}
