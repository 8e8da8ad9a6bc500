package dev.snapshift.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.jdbc.Sql;
import dev.snapshift.internal.schema.SourceCatalog;
import dev.snapshift.internal.schema.TableInfo;
import dev.snapshift.internal.schema.TargetCleaner;
import dev.snapshift.sandbox.Flavor;
import dev.snapshift.sandbox.SandboxServer;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code --clean-target} on a real target holding a partial copy: exactly the selected tables (and
 * a view of a selected name) go, whatever the foreign-key order; another table of the same
 * database, and the same name in another database, stay.
 */
class TargetCleanerIT {
    static final String[] SCHEMA = {
        "CREATE TABLE a_parent (id INT PRIMARY KEY) ENGINE=InnoDB",
        "CREATE TABLE b_child (id INT PRIMARY KEY, parent INT, FOREIGN KEY (parent) REFERENCES a_parent (id)) ENGINE=InnoDB",
        "CREATE TABLE `order items` (id INT PRIMARY KEY, qty INT)",
        "CREATE TABLE `back``tick` (id INT PRIMARY KEY)",
        "CREATE VIEW `v sales` AS SELECT id, qty FROM `order items`",
    };

    @ParameterizedTest
    @EnumSource(
            value = Flavor.class,
            names = {"MYSQL_8_0_33", "MARIADB_11_4_5"})
    void dropsExactlyTheSelectedTablesAndViews(Flavor flavor) throws Exception {
        SandboxServer source = TestServers.source(flavor);
        SandboxServer target = TestServers.target(flavor);
        String db = TestServers.unique("clean `db` ü");
        String other = TestServers.unique("clean_other");
        try {
            createOn(source, db, "CREATE TABLE `not copied yet` (id INT PRIMARY KEY)");
            createOn(
                    target,
                    db,
                    "INSERT INTO a_parent VALUES (1)",
                    "INSERT INTO b_child VALUES (10, 1)",
                    "CREATE TABLE unrelated (id INT PRIMARY KEY)",
                    "INSERT INTO unrelated VALUES (7)");
            target.execute(
                    "CREATE DATABASE " + Sql.quote(other),
                    "CREATE TABLE "
                            + Sql.qualified(other, "order items")
                            + " (id INT PRIMARY KEY)");

            List<TableInfo> selected = new ArrayList<>();
            try (Connection s = source.connect()) {
                selected.addAll(
                        new SourceCatalog(s)
                                .tables(db)); // base tables only: the catalog leaves views out
            }
            selected.add(new TableInfo(db, "v sales", null, 0, 0, List.of(), List.of(), null));
            assertThat(selected)
                    .extracting(TableInfo::name)
                    .contains("not copied yet", "back`tick");

            try (Connection t = target.connect()) {
                assertThat(TargetCleaner.dropSelected(t, selected))
                        .containsExactlyInAnyOrder(
                                db + ".a_parent",
                                db + ".b_child",
                                db + ".order items",
                                db + ".back`tick",
                                db + ".v sales");
                assertThat(Jdbc.scalar(t, "SELECT @@SESSION.foreign_key_checks"))
                        .as("restored")
                        .isEqualTo("1");
                assertThat(tables(t, db)).containsExactly("unrelated");
                assertThat(Jdbc.scalar(t, "SELECT id FROM " + Sql.qualified(db, "unrelated")))
                        .isEqualTo("7");
                assertThat(tables(t, other)).containsExactly("order items");
                assertThat(TargetCleaner.dropSelected(t, selected))
                        .as("nothing left to drop")
                        .isEmpty();
            }
        } finally {
            source.execute("DROP DATABASE IF EXISTS " + Sql.quote(db));
            target.execute(
                    "DROP DATABASE IF EXISTS " + Sql.quote(db),
                    "DROP DATABASE IF EXISTS " + Sql.quote(other));
        }
    }

    /** The database with the shared schema, then {@code more}. */
    private static void createOn(SandboxServer server, String db, String... more) throws Exception {
        try (Connection c = server.connect()) {
            Jdbc.execute(c, "CREATE DATABASE " + Sql.quote(db));
            Jdbc.execute(c, "USE " + Sql.quote(db));
            for (String sql : SCHEMA) {
                Jdbc.execute(c, sql);
            }
            for (String sql : more) {
                Jdbc.execute(c, sql);
            }
        }
    }

    private static List<String> tables(Connection c, String db) throws Exception {
        return Jdbc.query(
                c,
                "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?",
                rs -> rs.getString(1),
                db);
    }
}
