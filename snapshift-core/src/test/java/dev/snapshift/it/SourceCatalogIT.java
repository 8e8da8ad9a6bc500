package dev.snapshift.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapshift.internal.schema.SourceCatalog;
import dev.snapshift.internal.schema.TableInfo;
import dev.snapshift.sandbox.Flavor;
import dev.snapshift.sandbox.SandboxServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A table's size as the catalog reads it, where InnoDB's statistics lag behind the rows written:
 * its tablespace file tells what it takes, partitions summed, odd names included; without the
 * PROCESS privilege (which InnoDB's tablespace list needs) the statistics alone, and no error.
 */
class SourceCatalogIT {
    private static final String PASSWORD = "Catalog-9-pass";

    @ParameterizedTest
    @EnumSource(
            value = Flavor.class,
            names = {"MYSQL_8_0_33", "MYSQL_5_7_22", "MARIADB_11_4_5"})
    void aTableFilledJustNowIsAsLargeAsItsFile(Flavor flavor) throws Exception {
        SandboxServer source = TestServers.source(flavor);
        String db = TestServers.unique("cat-x.y"); // encoded in 5.7's and MariaDB's file names
        String q = "`" + db + "`";
        String rows =
                IntStream.rangeClosed(1, 2000)
                        .mapToObj(i -> "(" + i + ", REPEAT('x', 200))")
                        .collect(Collectors.joining(", "));
        source.execute(
                "CREATE DATABASE " + q,
                "CREATE TABLE "
                        + q
                        + ".`t-1` (id INT PRIMARY KEY, c VARCHAR(300) NOT NULL)"
                        + " STATS_AUTO_RECALC=0",
                "CREATE TABLE "
                        + q
                        + ".`p#1` (id INT PRIMARY KEY, c VARCHAR(300) NOT NULL)"
                        + " STATS_AUTO_RECALC=0 PARTITION BY HASH(id) PARTITIONS 3",
                "INSERT INTO " + q + ".`t-1` VALUES " + rows,
                "INSERT INTO " + q + ".`p#1` VALUES " + rows,
                // the snapshot's global read lock reloads the statistics saved, as here
                "FLUSH TABLES");
        String user = "cat" + Math.abs(db.hashCode() % 100000);
        source.execute(
                "CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + PASSWORD + "'",
                "GRANT SELECT ON *.* TO '" + user + "'@'%'");
        try (Connection root = source.connect();
                Connection plain =
                        DriverManager.getConnection(source.jdbcUrl(null), user, PASSWORD)) {
            List<TableInfo> tables = new SourceCatalog(root).tables(db);
            assertThat(tables).extracting(TableInfo::name).containsExactlyInAnyOrder("t-1", "p#1");
            // 2,000 rows of more than 200 bytes: over 400 KB, whatever the statistics say
            assertThat(tables)
                    .allSatisfy(
                            t -> assertThat(t.dataLength()).as(t.name()).isGreaterThan(400_000));
            List<TableInfo> seen = new SourceCatalog(plain).tables(db);
            assertThat(seen).extracting(TableInfo::name).containsExactlyInAnyOrder("t-1", "p#1");
            assertThat(seen).allSatisfy(t -> assertThat(t.dataLength()).isPositive());
        } finally {
            source.execute("DROP USER '" + user + "'@'%'");
        }
    }
}
