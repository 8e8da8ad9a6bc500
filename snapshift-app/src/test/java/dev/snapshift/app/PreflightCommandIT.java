package dev.snapshift.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapshift.api.PreflightCheck;
import dev.snapshift.api.PreflightReport;
import dev.snapshift.sandbox.Flavor;
import dev.snapshift.sandbox.SandboxOptions;
import dev.snapshift.sandbox.SandboxServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code snapshift preflight} against real servers: the lines, the fixes, the exit codes. */
class PreflightCommandIT {
    static final String PASSWORD = "Pre:fl1ght@secret";
    static final AtomicInteger IDS = new AtomicInteger();
    static SandboxServer source;
    static SandboxServer target;

    @BeforeAll
    static void start() {
        source = SandboxServer.start(SandboxOptions.of(Flavor.MYSQL_8_0_15).withServerId(21));
        target = SandboxServer.start(SandboxOptions.of(Flavor.MYSQL_8_0_15).withServerId(22));
        source.createUser("checker", PASSWORD, "ALL ON *.*");
    }

    @AfterAll
    static void stop() {
        if (source != null) {
            source.close();
        }
        if (target != null) {
            target.close();
        }
    }

    static CliRun cli(String... args) {
        return CliRun.of(args);
    }

    static String db(String... ddl) {
        String db = "pf_" + IDS.incrementAndGet();
        String[] sql = new String[ddl.length + 2];
        sql[0] = "CREATE DATABASE " + db;
        sql[1] = "USE " + db;
        System.arraycopy(ddl, 0, sql, 2, ddl.length);
        source.execute(sql);
        return db;
    }

    static String sourceUrlWithPassword() {
        return "mysql://checker:"
                + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8)
                + "@"
                + source.host()
                + ":"
                + source.port();
    }

    @Test
    void goodSourceExitsZeroWithOneLinePerCheckAndNeverShowsThePassword() throws Exception {
        String db =
                db(
                        "CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(20))",
                        "INSERT INTO items VALUES (1, 'a')");
        CliRun r =
                cli(
                        "preflight",
                        "--source",
                        sourceUrlWithPassword(),
                        "--target",
                        target.url(),
                        "--databases",
                        db);
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out())
                .containsPattern("(?m)^OK   source version {10}MySQL 8\\.0\\.15")
                .containsPattern("(?m)^OK   target version {10}MySQL 8\\.0\\.15")
                .containsPattern("(?m)^OK   consistency {13}snapshot")
                .containsPattern("(?m)^OK   log_bin {17}ON")
                .containsPattern("(?m)^OK   data size .*assumed 50 MB/s")
                .containsPattern("(?m)^OK   target objects ")
                .doesNotContain("FAIL ")
                .contains("Preflight passed (");
        assertThat(r.out() + r.err()).doesNotContain("fl1ght").doesNotContain("secret");
    }

    @Test
    void myIsamTableExitsFourWithTheFixUnderTheFailLine() throws Exception {
        String db = db("CREATE TABLE legacy (id INT PRIMARY KEY) ENGINE=MyISAM");
        CliRun r =
                cli(
                        "preflight",
                        "--source",
                        source.url(),
                        "--target",
                        target.url(),
                        "--databases",
                        db);
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(4);
        List<String> lines = r.out().lines().toList();
        int fail = indexOf(lines, "FAIL non-transactional");
        assertThat(lines.get(fail)).contains(db + ".legacy (MyISAM)");
        assertThat(lines.get(fail + 1))
                .startsWith("     fix: ")
                .contains("--non-transactional=lock");
        assertThat(r.out()).contains("Preflight FAILED (").contains("1 FAIL");

        CliRun locked =
                cli(
                        "preflight",
                        "--source",
                        source.url(),
                        "--target",
                        target.url(),
                        "--databases",
                        db,
                        "--non-transactional",
                        "lock");
        assertThat(locked.code()).as(locked.out() + locked.err()).isZero();
        assertThat(locked.out())
                .containsPattern("(?m)^WARN non-transactional .*copied under the lock")
                .contains("read the WARN lines");
    }

    @Test
    void optionsParseLikeMigrate() {
        String db = db("CREATE TABLE items (id INT PRIMARY KEY)");
        CliRun r =
                cli(
                        "preflight",
                        "--source",
                        source.url(),
                        "--target",
                        target.url(),
                        "--databases",
                        db,
                        "--consistency",
                        "lockless",
                        "--long-query-guard",
                        "5m",
                        "--kill-long-queries");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(4);
        assertThat(r.out())
                .containsPattern("(?m)^FAIL consistency {13}lockless is refused")
                .containsPattern("(?m)^OK   long queries .*--long-query-guard 300s");
        assertThat(
                        cli(
                                        "preflight",
                                        "--source",
                                        source.url(),
                                        "--target",
                                        target.url(),
                                        "--consistency",
                                        "bogus")
                                .code())
                .isEqualTo(2);
        assertThat(
                        cli(
                                        "preflight",
                                        "--source",
                                        source.url(),
                                        "--target",
                                        target.url(),
                                        "--long-query-guard",
                                        "soon")
                                .code())
                .isEqualTo(2);
        CliRun noTarget = cli("preflight", "--source", source.url());
        assertThat(noTarget.code()).isEqualTo(2);
        assertThat(noTarget.err()).contains("--target");
    }

    @Test
    void wrongPasswordIsAConnectionError() {
        CliRun r =
                cli(
                        "preflight",
                        "--source",
                        "mysql://checker:wrong@" + source.host() + ":" + source.port(),
                        "--target",
                        target.url());
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains("authentication failed for source checker@");
    }

    @Test
    void formatAlignsLevelsAndIndentsFixes() {
        List<String> lines =
                PreflightCommand.format(
                        new PreflightReport(
                                List.of(
                                        PreflightCheck.ok("source version", "MySQL 8.0.33"),
                                        PreflightCheck.warn(
                                                "binlog retention", "short", "keep them longer"),
                                        PreflightCheck.fail(
                                                "consistency",
                                                "no RELOAD",
                                                "GRANT RELOAD ON *.* TO 'u'@'%'"))));
        assertThat(lines)
                .containsExactly(
                        "OK   source version          MySQL 8.0.33",
                        "WARN binlog retention        short",
                        "     fix: keep them longer",
                        "FAIL consistency             no RELOAD",
                        "     fix: GRANT RELOAD ON *.* TO 'u'@'%'",
                        "",
                        "Preflight FAILED (1 OK, 1 WARN, 1 FAIL): migrate would refuse; fix the FAIL lines first.");
    }

    static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError(
                "no line starting with '" + prefix + "' in\n" + String.join("\n", lines));
    }
}
