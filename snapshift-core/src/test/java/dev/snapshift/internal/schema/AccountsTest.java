package dev.snapshift.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class AccountsTest {
    @Test
    void mariaDbPasswordFormsBecomeMySqlOnes() {
        assertThat(
                        Accounts.forTarget(
                                "CREATE USER `app`@`%` IDENTIFIED BY PASSWORD '*0123456789ABCDEF0123456789ABCDEF01234567'",
                                false))
                .isEqualTo(
                        "CREATE USER `app`@`%` IDENTIFIED WITH mysql_native_password AS '*0123456789ABCDEF0123456789ABCDEF01234567'");
        assertThat(
                        Accounts.forTarget(
                                "CREATE USER `app`@`%` IDENTIFIED VIA mysql_native_password USING '*AB' PASSWORD EXPIRE NEVER",
                                false))
                .isEqualTo(
                        "CREATE USER `app`@`%` IDENTIFIED WITH mysql_native_password AS '*AB' PASSWORD EXPIRE NEVER");
        String mysql =
                "CREATE USER `app`@`%` IDENTIFIED WITH 'caching_sha2_password' AS 0x24412430 REQUIRE NONE";
        assertThat(Accounts.forTarget(mysql, false)).isEqualTo(mysql);
    }

    @Test
    void privilegesSplitWithTheirColumnLists() {
        assertThat(Accounts.privileges("SELECT, INSERT (a, b), SUPER, REPLICATION SLAVE"))
                .containsExactly("SELECT", "INSERT (a, b)", "SUPER", "REPLICATION SLAVE");
    }

    @Test
    void theUsageLineLosesItsPassword() {
        assertThat(
                        Accounts.withoutPassword(
                                "GRANT USAGE ON *.* TO `app`@`%` IDENTIFIED BY PASSWORD '*AB' WITH MAX_QUERIES_PER_HOUR 5"))
                .isEqualTo("GRANT USAGE ON *.* TO `app`@`%` WITH MAX_QUERIES_PER_HOUR 5");
        assertThat(Accounts.withoutPassword("GRANT SELECT ON `shop`.* TO `app`@`%`"))
                .isEqualTo("GRANT SELECT ON `shop`.* TO `app`@`%`");
    }

    @Test
    void anErrorNeverShowsTheHash() {
        String create =
                "CREATE USER 'app'@'%' IDENTIFIED WITH mysql_native_password AS '*0123456789ABCDEF0123456789ABCDEF01234567'";
        SQLException syntax =
                new SQLException(
                        "You have an error in your SQL syntax; check the manual near"
                                + " '*0123456789ABCDEF0123456789ABCDEF01234567'' at line 1",
                        "42000",
                        1064);
        assertThat(Accounts.redacted(syntax, create))
                .doesNotContain("0123456789ABCDEF")
                .contains("1064");
        SQLException plugin =
                new SQLException(
                        "Plugin 'ed25519' is not loaded, hash *0123456789ABCDEF0123456789ABCDEF01234567",
                        "HY000",
                        1524);
        assertThat(Accounts.redacted(plugin, create))
                .doesNotContain("0123456789ABCDEF")
                .contains("Plugin 'ed25519' is not loaded");
    }

    @Test
    void systemAndPlatformAccountsAreNeverSelected() {
        assertThat(Accounts.SYSTEM_USERS)
                .contains("root", "mysql.sys", "mysql.session", "azure_superuser", "rdsadmin");
    }

    @Test
    void theDefaultRoleClauseIsLeftOutAndTheRestKept() {
        assertThat(
                        Accounts.withoutDefaultRole(
                                "CREATE USER `u`@`%` IDENTIFIED WITH 'caching_sha2_password' AS 0x24"
                                        + " DEFAULT ROLE `r1`@`%`,`r2`@`%` REQUIRE NONE PASSWORD EXPIRE DEFAULT"
                                        + " ACCOUNT UNLOCK"))
                .isEqualTo(
                        "CREATE USER `u`@`%` IDENTIFIED WITH 'caching_sha2_password' AS 0x24"
                                + " REQUIRE NONE PASSWORD EXPIRE DEFAULT ACCOUNT UNLOCK");
        assertThat(Accounts.withoutDefaultRole("CREATE USER `u`@`%` DEFAULT ROLE `r`@`%`"))
                .isEqualTo("CREATE USER `u`@`%`");
        assertThat(Accounts.withoutDefaultRole("CREATE USER `u`@`%` REQUIRE NONE"))
                .isEqualTo("CREATE USER `u`@`%` REQUIRE NONE");
    }
}
