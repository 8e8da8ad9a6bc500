package dev.snapshift.internal.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snapshift.internal.jdbc.Connections;
import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.jdbc.TrustStores;
import dev.snapshift.it.TestServers;
import dev.snapshift.sandbox.Flavor;
import dev.snapshift.sandbox.SandboxServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LOAD DATA LOCAL INFILE from memory must never let a server read a file of this machine: a target
 * connection with its feed installed answers every file request with the feed, which is empty
 * outside snapshift's own loads.
 */
class LoadDataFeedIT {
    @TempDir Path privateDir;

    @Test
    void aServerAskingForAFileGetsTheFeedNeverTheFile() throws Exception {
        SandboxServer target = TestServers.target(Flavor.MYSQL_8_0_33);
        String db = TestServers.unique("feed");
        target.execute(
                "CREATE DATABASE `" + db + "`", "CREATE TABLE `" + db + "`.lines (line LONGTEXT)");
        Path secret = Files.writeString(privateDir.resolve("secret.txt"), "do not send me\n");
        Path outside =
                Files.writeString(Files.createTempFile("snapshift-outside", ".txt"), "nor me\n");
        try (TrustStores trust = new TrustStores()) {
            Connections conns =
                    new Connections(
                            "target",
                            TestServers.spec(target),
                            trust,
                            Duration.ofMinutes(1),
                            privateDir);
            try (TargetLink link = TargetLink.open(conns, true, false)) {
                for (Path asked : new Path[] {secret, outside, Path.of("/etc/hostname")}) {
                    try (Statement s = link.connection.createStatement()) {
                        long rows =
                                s.executeLargeUpdate(
                                        "LOAD DATA LOCAL INFILE '"
                                                + asked
                                                + "' INTO TABLE `"
                                                + db
                                                + "`.lines");
                        assertThat(rows).as("rows loaded from %s", asked).isZero();
                    }
                }
                link.connection.commit();
            }
            try (Connection plain = conns.open();
                    Statement s = plain.createStatement()) {
                // without a feed the driver is restricted to the empty private folder
                assertThatThrownBy(
                                () ->
                                        s.executeLargeUpdate(
                                                "LOAD DATA LOCAL INFILE '"
                                                        + outside
                                                        + "' INTO TABLE `"
                                                        + db
                                                        + "`.lines"))
                        .isInstanceOf(SQLException.class);
            }
        } finally {
            Files.deleteIfExists(outside);
        }
        try (Connection c = target.connect()) {
            assertThat(Jdbc.scalar(c, "SELECT COUNT(*) FROM `" + db + "`.lines")).isEqualTo("0");
        }
    }

    @Test
    void skipTargetBinlogKeepsTheCopyOutOfTheTargetsBinaryLog() throws Exception {
        SandboxServer target = TestServers.target(Flavor.MYSQL_8_0_33);
        String db = TestServers.unique("nolog");
        target.execute(
                "CREATE DATABASE `" + db + "`", "CREATE TABLE `" + db + "`.t (id INT PRIMARY KEY)");
        try (TrustStores trust = new TrustStores()) {
            Connections conns =
                    new Connections(
                            "target",
                            TestServers.spec(target),
                            trust,
                            Duration.ofMinutes(1),
                            privateDir);
            try (TargetLink link = TargetLink.open(conns, true, true)) {
                assertThat(Jdbc.scalar(link.connection, "SELECT @@session.sql_log_bin"))
                        .isEqualTo("0");
            }
            try (TargetLink link = TargetLink.open(conns, true, false)) {
                assertThat(Jdbc.scalar(link.connection, "SELECT @@session.sql_log_bin"))
                        .isEqualTo("1");
            }
        }
    }
}
