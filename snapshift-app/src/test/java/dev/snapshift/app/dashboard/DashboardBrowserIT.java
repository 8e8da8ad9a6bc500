package dev.snapshift.app.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapshift.Migration;
import dev.snapshift.api.Checkpoint;
import dev.snapshift.api.MigrationConfig;
import dev.snapshift.api.MigrationHooks;
import dev.snapshift.api.MigrationState;
import dev.snapshift.api.Status;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/** The page in real headless Chromium, following a real migration between sandbox servers. */
class DashboardBrowserIT {
    static SandboxPair servers;
    static Browser browser;
    @TempDir static Path stateDir;

    @BeforeAll
    static void start() throws Exception {
        servers = SandboxPair.start(41);
        servers.createDatabase("web_shop", 3, 400);
        servers.createDatabase("web_billing", 1, 250);
        servers.createDatabase("web_retry", 1, 400);
        servers.createDatabase("web_wizard", 2, 150);
        servers.createDatabase("load_gen", 1, 10);
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (servers != null) {
                servers.close();
            }
        }
    }

    @Test
    void followsALiveRunFromWaitingToCompleted() throws Exception {
        Gate beforeLock = new Gate(Checkpoint.SESSIONS_OPENED);
        Gate firstChunk = new Gate(Checkpoint.CHUNK_COMMITTED);
        MigrationHooks hooks =
                (point, session) -> {
                    beforeLock.reached(point, session);
                    firstChunk.reached(point, session);
                };
        MigrationConfig config = servers.config(stateDir, 1, 100, "web_shop", "web_billing");
        Migration migration = Migration.of(config, hooks);
        try (LiveRuns live = new LiveRuns(Duration.ofMillis(200));
                DashboardServer server =
                        DashboardServer.start(UiAddress.parse("127.0.0.1:0"), live)) {
            live.add(migration, config);
            CompletableFuture<MigrationState> running =
                    CompletableFuture.supplyAsync(migration::run);
            try {
                beforeLock.awaitReached();
                browser.open(server.url());
                browser.await(
                        "the waiting text",
                        d -> browser.text("binlog-text").equals(Overview.WAITING));
                assertThat(browser.text("phase")).isNotEmpty();
                assertThat(browser.text("consistency")).isEqualTo("SNAPSHOT");
                assertThat(browser.driver.findElement(By.id("binlog-details")).isDisplayed())
                        .isFalse();
                assertThat(browser.driver.findElement(By.id("wizard-open")).isDisplayed())
                        .isFalse();
                browser.screenshot("live-1-waiting-for-data-movement");
                beforeLock.open();

                firstChunk.awaitReached();
                browser.await("a table in progress", d -> labels().contains("In progress"));
                assertThat(browser.texts("#table-rows td.status .detail"))
                        .singleElement()
                        .asString()
                        .matches("[0-9,]+ rows, [0-9.]+ %");
                browser.await(
                        "the coordinates", d -> browser.text("binlog-text").startsWith("binlog."));
                assertThat(browser.text("binlog-file")).startsWith("binlog.");
                assertThat(Long.parseLong(browser.text("binlog-position"))).isPositive();
                assertThat(browser.text("cmd-mysql"))
                        .startsWith("CHANGE REPLICATION SOURCE TO")
                        .contains("SOURCE_LOG_FILE='binlog.");
                assertThat(browser.text("cmd-legacy")).startsWith("CHANGE MASTER TO");
                assertThat(browser.text("cmd-azure"))
                        .startsWith("CALL mysql.az_replication_change_master(");
                assertThat(browser.text("lock-held")).endsWith("ms");
                assertThat(databaseNames()).containsExactlyInAnyOrder("web_shop", "web_billing");
                assertThat(labels()).contains("Queued");
                browser.screenshot("live-2-in-progress-with-coordinates");

                // while the snapshot is held, committed writes pile up undo that purge may not
                // remove
                browser.await(
                        "the snapshot age", d -> !browser.text("snapshot-age").equals("\u2014"));
                assertThat(browser.driver.findElement(By.id("history-warning")).isDisplayed())
                        .isFalse();
                writeTransactions(3000);
                browser.await(
                        "the history list warning",
                        d -> d.findElement(By.id("history-warning")).isDisplayed());
                assertThat(browser.text("history-warning"))
                        .contains("history list length grew from");
                assertThat(browser.all("#history-chart polyline")).hasSize(1);
                // sizes come from the source's statistics, read once the copy started: MB/s is an
                // estimate from them
                browser.await(
                        "the table sizes",
                        d ->
                                browser.texts("#table-rows td.size").stream()
                                        .allMatch(t -> t.endsWith("iB")));
                assertThat(browser.text("mbps")).matches("~[0-9.]+ \\(estimated\\)");
                browser.screenshot("live-3-history-list-length-warning");
            } finally {
                beforeLock.open();
                firstChunk.open();
            }
            MigrationState end = running.get(2, TimeUnit.MINUTES);
            assertThat(end.status()).isEqualTo(Status.COMPLETED);
            browser.await("the run completed", d -> browser.text("status").equals("Completed"));
            browser.await(
                    "every table of web_shop completed",
                    d -> labels().equals(List.of("Completed", "Completed", "Completed")));
            assertThat(browser.text("percent")).isEqualTo("100.0 %");
            assertThat(browser.textOf("#database-list li[data-db='web_shop'] .count-completed"))
                    .isEqualTo("3 completed");
            browser.click("#database-list li[data-db='web_billing']");
            browser.await(
                    "the tables of web_billing",
                    d -> browser.text("tables-title").equals("Tables of web_billing"));
            assertThat(labels()).containsExactly("Completed");
            assertThat(browser.texts("#table-rows td.verified")).containsExactly("verified");
            assertThat(browser.text("table-rows")).contains("250");
            assertThat(browser.driver.getPageSource()).doesNotContain(SandboxPair.PASSWORD);
            browser.screenshot("live-4-completed");
        }
    }

    @Test
    void aKilledWorkerConnectionShowsRetryingWithItsError() throws Exception {
        Gate firstChunk = new Gate(Checkpoint.CHUNK_COMMITTED);
        MigrationConfig config = servers.config(stateDir, 1, 100, "web_retry");
        Migration migration = Migration.of(config, firstChunk);
        LiveRuns live = new LiveRuns();
        live.add(migration, config);
        try (DashboardServer server = DashboardServer.start(UiAddress.parse("127.0.0.1:0"), live);
                Connection blocker = servers.target.connect();
                Statement st = blocker.createStatement()) {
            CompletableFuture<MigrationState> running =
                    CompletableFuture.supplyAsync(migration::run);
            try {
                firstChunk.awaitReached();
                browser.open(server.url());
                browser.await(
                        "the table in progress", d -> labels().equals(List.of("In progress")));
                // the worker's target connection dies between two chunks, and its retry then waits
                // for our table lock
                assertThat(killIdleConnections(st)).isPositive();
                st.execute("LOCK TABLES web_retry.t1 WRITE");
                firstChunk.open();
                browser.await("the table retrying", d -> labels().equals(List.of("Retrying")));
                assertThat(browser.textOf("#table-rows td.status .detail")).isNotBlank();
                assertThat(browser.textOf("#table-rows td.retries")).isEqualTo("1");
                assertThat(browser.textOf("#database-list li[data-db='web_retry'] .count-retrying"))
                        .isEqualTo("1 retrying");
                browser.screenshot("retry-1-killed-worker-connection-retrying");
            } finally {
                firstChunk.open();
                st.execute("UNLOCK TABLES");
            }
            assertThat(running.get(2, TimeUnit.MINUTES).status()).isEqualTo(Status.COMPLETED);
            browser.await("the table completed", d -> labels().equals(List.of("Completed")));
            assertThat(browser.textOf("#table-rows td.retries")).isEqualTo("1");
            assertThat(browser.text("table-rows")).contains("400");
            browser.screenshot("retry-2-completed-after-retry");
        }
    }

    @Test
    void wizardRunsPreflightAndStartsAMigration(@TempDir Path dir) throws Exception {
        try (InProcessCli serve =
                new InProcessCli("serve", "--ui", "127.0.0.1:0", "--state-dir", dir.toString())) {
            browser.open(serve.dashboardUrl());
            browser.await(
                    "the wizard button", d -> d.findElement(By.id("wizard-open")).isDisplayed());
            browser.await(
                    "the empty run list", d -> browser.text("no-runs").equals("No migration yet."));
            browser.click("#wizard-open");
            browser.type(
                    "source-url",
                    "mysql://app@" + servers.source.host() + ":" + servers.source.port());
            browser.type("source-password", SandboxPair.PASSWORD);
            browser.type("target-url", servers.target.url());
            browser.click("#list-databases");
            browser.await(
                    "the source's databases",
                    d ->
                            browser.texts("#wizard-databases label").stream()
                                    .anyMatch(
                                            l ->
                                                    l.matches(
                                                            " web_wizard \u2014 2 tables, ~[0-9,]+ rows, [0-9.]+ [KMG]iB")));
            browser.click("#wizard-databases input[value='web_wizard']");
            List<String> choices = browser.texts("#wizard-consistency label");
            assertThat(choices.get(0)).startsWith(" Enable transactional consistency");
            assertThat(choices.get(1)).startsWith(" Make source server read only");
            assertThat(
                            browser.driver
                                    .findElement(
                                            By.cssSelector(
                                                    "#wizard-consistency input[value='snapshot']"))
                                    .isSelected())
                    .isTrue();
            assertThat(browser.driver.findElement(By.id("start-migration")).isEnabled()).isFalse();
            // the managed-target options, in the users' words
            browser.click("#wizard-target-options summary");
            assertThat(browser.texts("#wizard-definers option"))
                    .containsExactly(
                            "Keep the owners where the target allows it",
                            "Make the target account their owner",
                            "Run with the caller's rights",
                            "Keep every owner, or refuse");
            browser.click("#wizard-definers option[value='strip']");
            browser.await(
                    "the chosen policy explained",
                    d -> browser.text("wizard-definers-help").contains("SQL SECURITY INVOKER"));
            browser.click("#run-preflight");
            browser.await(
                    "the preflight result",
                    d -> browser.text("preflight-summary").equals("Preflight passed."));
            assertThat(browser.texts("#preflight-results tbody tr").size()).isGreaterThan(3);
            assertThat(browser.texts("#preflight-results tbody td:nth-child(2)"))
                    .doesNotContain("FAIL");
            browser.screenshot("wizard-1-preflight-passed");
            browser.click("#start-migration");
            browser.await("the started run", d -> browser.text("status").equals("Completed"));
            assertThat(browser.driver.findElement(By.id("wizard")).isDisplayed()).isFalse();
            assertThat(databaseNames()).containsExactly("web_wizard");
            browser.await(
                    "its tables completed",
                    d -> labels().equals(List.of("Completed", "Completed")));
            assertThat(browser.text("binlog-text")).startsWith("binlog.");
            assertThat(browser.driver.findElement(By.id("source-password")).getAttribute("value"))
                    .isEmpty();
            assertThat(browser.driver.getPageSource()).doesNotContain(SandboxPair.PASSWORD);
            browser.screenshot("wizard-2-started-migration-completed");
        }
    }

    /**
     * Autocommitted single-row updates on the source, each one a transaction in the history list.
     */
    static void writeTransactions(int count) throws Exception {
        try (Connection c = servers.source.connect();
                Statement st = c.createStatement()) {
            for (int i = 0; i < count; i++) {
                st.executeUpdate(
                        "UPDATE load_gen.t1 SET payload = 'v" + i + "' WHERE id = " + (1 + i % 10));
            }
        }
    }

    /**
     * Kills the target's idle client connections (the copy worker's, between two chunks) but ours.
     */
    static int killIdleConnections(Statement st) throws Exception {
        List<Long> ids = new java.util.ArrayList<>();
        try (ResultSet rs =
                st.executeQuery(
                        "SELECT ID FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID()"
                                + " AND COMMAND = 'Sleep' AND USER <> 'system user' AND USER <> 'event_scheduler'")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        for (long id : ids) {
            st.execute("KILL CONNECTION " + id);
        }
        return ids.size();
    }

    static List<String> labels() {
        return browser.texts("#table-rows td.status .label");
    }

    static List<String> databaseNames() {
        return browser.texts("#database-list li strong");
    }
}
