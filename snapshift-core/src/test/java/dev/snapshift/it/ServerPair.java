package dev.snapshift.it;

import dev.snapshift.sandbox.Flavor;
import dev.snapshift.sandbox.SandboxServer;

/**
 * The source and target servers a fidelity test runs between, from the shared {@link TestServers}.
 */
enum ServerPair {
    MYSQL_80_TO_80(Flavor.MYSQL_8_0_33, Flavor.MYSQL_8_0_33),
    MYSQL_57_TO_80(Flavor.MYSQL_5_7_22, Flavor.MYSQL_8_0_33),
    MARIADB_TO_MARIADB(Flavor.MARIADB_11_4_5, Flavor.MARIADB_11_4_5);

    final Flavor sourceFlavor;
    final Flavor targetFlavor;

    ServerPair(Flavor source, Flavor target) {
        this.sourceFlavor = source;
        this.targetFlavor = target;
    }

    SandboxServer source() {
        return TestServers.source(sourceFlavor);
    }

    SandboxServer target() {
        return TestServers.target(targetFlavor);
    }

    /**
     * Both servers run the same version: SHOW CREATE TABLE / VIEW output can be compared as it is.
     */
    boolean sameVersion() {
        return sourceFlavor == targetFlavor;
    }

    /** 5.7 to 8.0: sql_modes lose NO_AUTO_CREATE_USER and utf8 is called utf8mb3 on the target. */
    boolean upgrade() {
        return this == MYSQL_57_TO_80;
    }

    /**
     * The source's default sql_mode of 5.7 (and MariaDB, which still knows NO_AUTO_CREATE_USER);
     * 8.0 refuses it.
     */
    String legacySqlMode() {
        return "ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,"
                + (sourceFlavor == Flavor.MYSQL_8_0_33 ? "" : "NO_AUTO_CREATE_USER,")
                + "NO_ENGINE_SUBSTITUTION";
    }

    /**
     * What the target is expected to show for a value the source shows, by the documented
     * transformations: on 5.7 to 8.0, NO_AUTO_CREATE_USER leaves sql_modes and utf8 names read
     * utf8mb3.
     */
    String expected(String sourceValue) {
        if (sourceValue == null || !upgrade()) {
            return sourceValue;
        }
        String v =
                sourceValue.replace(",NO_AUTO_CREATE_USER", "").replace("NO_AUTO_CREATE_USER,", "");
        return v.matches("utf8(_\\w+)?") ? "utf8mb3" + v.substring(4) : v;
    }

    /**
     * The same for a SHOW CREATE text: 8.0 writes integer types without display width (but
     * tinyint(1)).
     */
    String expectedDdl(String sourceText) {
        if (sourceText == null || !upgrade()) {
            return sourceText;
        }
        return sourceText
                .replaceAll("\\b(smallint|mediumint|int|bigint)\\(\\d+\\)", "$1")
                .replaceAll("\\btinyint\\((?!1\\))\\d+\\)", "tinyint");
    }
}
