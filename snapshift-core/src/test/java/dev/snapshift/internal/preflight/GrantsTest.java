package dev.snapshift.internal.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GrantsTest {

    @Test
    void mysql8ListsStaticAndDynamicPrivileges() {
        Grants g =
                Grants.parse(
                        "app@%",
                        List.of(
                                "GRANT SELECT, RELOAD, PROCESS, LOCK TABLES, REPLICATION CLIENT ON *.* TO `app`@`%`",
                                "GRANT BACKUP_ADMIN,FLUSH_TABLES,SYSTEM_VARIABLES_ADMIN ON *.* TO `app`@`%`"));
        assertThat(g.global("RELOAD")).isTrue();
        assertThat(g.global("FLUSH_TABLES")).isTrue();
        assertThat(g.global("SUPER")).isFalse();
        assertThat(g.anyGlobal("SUPER", "SYSTEM_VARIABLES_ADMIN")).isTrue();
        assertThat(g.onDatabase("LOCK TABLES", "shop")).isTrue();
        assertThat(g.onDatabase("INSERT", "shop")).isFalse();
        assertThat(g.account()).isEqualTo("'app'@'%'");
        assertThat(g.user()).isEqualTo("app");
    }

    @Test
    void allPrivilegesOnStarStarIsEverything() {
        Grants g =
                Grants.parse(
                        "root@127.0.0.1",
                        List.of(
                                "GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION",
                                "GRANT PROXY ON ''@'%' TO 'root'@'127.0.0.1' WITH GRANT OPTION"));
        assertThat(g.global("RELOAD")).isTrue();
        assertThat(g.global("BINLOG MONITOR")).isTrue();
        assertThat(g.onDatabase("CREATE", "anything")).isTrue();
        assertThat(g.grantStatement("RELOAD", "*.*"))
                .isEqualTo("GRANT RELOAD ON *.* TO 'root'@'127.0.0.1'");
    }

    @Test
    void databaseLevelGrantsWithWildcardsEscapesAndQuotes() {
        Grants g =
                Grants.parse(
                        "dbu@%",
                        List.of(
                                "GRANT USAGE ON *.* TO `dbu`@`%` IDENTIFIED BY PASSWORD '*D821809F681A40A6E379B50D0463EFAE20BDD122'",
                                "GRANT ALL PRIVILEGES ON `shop`.* TO `dbu`@`%`",
                                "GRANT SELECT, INSERT ON `app\\_%`.* TO `dbu`@`%`",
                                "GRANT CREATE ON `we``ird`.* TO `dbu`@`%`",
                                "GRANT SELECT (`a`, `b`), UPDATE (`c`) ON `other`.`t` TO `dbu`@`%`",
                                "GRANT EXECUTE ON PROCEDURE `shop`.`p` TO `dbu`@`%`",
                                "GRANT `reporting`@`%` TO `dbu`@`%`"));
        assertThat(g.global("SELECT")).isFalse();
        assertThat(g.onDatabase("DROP", "shop")).isTrue();
        assertThat(g.onDatabase("SELECT", "app_1")).isTrue();
        assertThat(g.onDatabase("SELECT", "appx1")).as("escaped underscore is literal").isFalse();
        assertThat(g.onDatabase("CREATE", "we`ird")).isTrue();
        assertThat(g.onDatabase("SELECT", "other")).as("table-level grants do not count").isFalse();
        assertThat(g.onDatabase("SELECT", "shopping")).isFalse();
    }

    @Test
    void unescapedUnderscoreIsAWildcard() {
        Grants g = Grants.parse("u@h", List.of("GRANT SELECT ON `a_b`.* TO `u`@`h`"));
        assertThat(g.onDatabase("SELECT", "a_b")).isTrue();
        assertThat(g.onDatabase("SELECT", "axb")).isTrue();
        assertThat(g.onDatabase("SELECT", "ab")).isFalse();
    }

    @Test
    void partialRevokesAreSubtracted() {
        Grants g =
                Grants.parse(
                        "u@%",
                        List.of(
                                "GRANT SELECT, INSERT ON *.* TO `u`@`%`",
                                "REVOKE INSERT ON `mysql`.* FROM `u`@`%`"));
        assertThat(g.onDatabase("INSERT", "shop")).isTrue();
        assertThat(g.onDatabase("INSERT", "mysql")).isFalse();
        assertThat(g.onDatabase("SELECT", "mysql")).isTrue();
    }

    @Test
    void mariaDbPrivilegeNamesWithSpaces() {
        Grants g =
                Grants.parse(
                        "rc@%",
                        List.of("GRANT SELECT, LOCK TABLES, BINLOG MONITOR ON *.* TO `rc`@`%`"));
        assertThat(g.global("BINLOG MONITOR")).isTrue();
        assertThat(Grants.privileges("select,  lock   tables"))
                .containsExactly("SELECT", "LOCK TABLES");
    }

    @Test
    void accountQuotesUserAndHost() {
        assertThat(Grants.account("o'neil@10.0.%")).isEqualTo("'o''neil'@'10.0.%'");
        assertThat(Grants.account("a@b@c")).isEqualTo("'a@b'@'c'");
        assertThat(Grants.parse("a@b@c", List.of()).user()).isEqualTo("a@b");
    }
}
