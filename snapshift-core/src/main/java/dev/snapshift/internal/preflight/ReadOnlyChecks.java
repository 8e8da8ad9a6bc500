package dev.snapshift.internal.preflight;

import dev.snapshift.api.PreflightCheck;

/**
 * A source left read-only (by a killed read-only run, say) still migrates, but its applications
 * cannot write: worth a warning. A read-only target cannot take the copy at all: refused before the
 * source is locked.
 */
final class ReadOnlyChecks {
    static final String SOURCE = "source read_only";
    static final String TARGET = "target read_only";

    private ReadOnlyChecks() {}

    static PreflightCheck source(PreflightContext c) {
        String flags = flags(c.sourceFacts());
        if (flags.isEmpty()) {
            return PreflightCheck.ok(SOURCE, "the source accepts writes (read_only=OFF)");
        }
        return PreflightCheck.warn(
                SOURCE,
                "the source is read-only ("
                        + flags
                        + "): its applications cannot write."
                        + " If an interrupted snapshift run left it so, `snapshift status` names the run",
                "if nothing else should keep it read-only: SET GLOBAL super_read_only = OFF; SET GLOBAL read_only = OFF"
                        + " (or snapshift migrate --restore-source RUN_ID)");
    }

    static PreflightCheck target(PreflightContext c) {
        String flags = flags(c.targetFacts());
        if (flags.isEmpty()) {
            return PreflightCheck.ok(TARGET, "the target accepts writes");
        }
        boolean onlyReadOnly = flags.equals("read_only=ON");
        if (onlyReadOnly
                && c.targetFacts()
                        .grants()
                        .anyGlobal("SUPER", "CONNECTION_ADMIN", "READ_ONLY ADMIN")) {
            return PreflightCheck.warn(
                    TARGET,
                    "the target has read_only=ON; the target user may still write (SUPER,"
                            + " CONNECTION_ADMIN or READ_ONLY ADMIN), but its applications may not",
                    "SET GLOBAL read_only = OFF on the target before cutover");
        }
        return PreflightCheck.fail(
                TARGET,
                "the target is read-only (" + flags + "): the copy could not be written",
                "SET GLOBAL super_read_only = OFF; SET GLOBAL read_only = OFF on the target (on a managed server: its"
                        + " read_only server parameter), or choose another target");
    }

    /** e.g. "read_only=ON, super_read_only=ON"; empty when the server takes writes. */
    static String flags(ServerFacts f) {
        StringBuilder out = new StringBuilder();
        for (String v : new String[] {"read_only", "super_read_only", "innodb_read_only"}) {
            if (f.on(v)) {
                out.append(out.length() == 0 ? "" : ", ").append(v).append("=ON");
            }
        }
        return out.toString();
    }
}
