package dev.snapshift.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Initialized data directories, one per flavor and authentication plugin, made once and cached next
 * to the distribution. Initializing takes seconds; copying a template takes a fraction of one.
 */
final class DataDirTemplates {
    private static final Logger LOG = LoggerFactory.getLogger(DataDirTemplates.class);
    private static final String LAYOUT = "template-v1-";
    private static final Duration INIT_TIMEOUT = Duration.ofMinutes(5);

    private final DistributionCache distributions;
    private final boolean runAsRoot;

    DataDirTemplates(DistributionCache distributions, boolean runAsRoot) {
        this.distributions = distributions;
        this.runAsRoot = runAsRoot;
    }

    /** The template's data directory, initialized first when missing. */
    Path template(Flavor flavor, Path baseDir, boolean nativePassword)
            throws IOException, InterruptedException {
        return template(flavor, baseDir, nativePassword, false);
    }

    /**
     * @param lowerCaseTableNames initialised with {@code lower_case_table_names=1} (MySQL 8.0)
     */
    Path template(Flavor flavor, Path baseDir, boolean nativePassword, boolean lowerCaseTableNames)
            throws IOException, InterruptedException {
        boolean nativeAuth =
                flavor.isMySql8() && nativePassword; // the only flavors where the default differs
        Path dir =
                distributions
                        .flavorDir(flavor)
                        .resolve(
                                LAYOUT
                                        + (nativeAuth ? "native-password" : "default-auth")
                                        + (lowerCaseTableNames ? "-lctn1" : ""));
        CacheDirectory.ensure(
                dir, tmp -> initialize(flavor, nativeAuth, lowerCaseTableNames, baseDir, tmp));
        return dir.resolve("data");
    }

    /**
     * Copies a template into the empty directory {@code dataDir}, giving it a fresh server UUID.
     */
    static void copy(Path template, Path dataDir) throws IOException {
        FileTrees.copyContent(template, dataDir);
        Files.deleteIfExists(
                dataDir.resolve("auto.cnf")); // MySQL makes a new server_uuid when it is missing
    }

    private void initialize(
            Flavor flavor, boolean nativeAuth, boolean lowerCaseTableNames, Path baseDir, Path dir)
            throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        LOG.info(
                "Initializing a {} data directory template{} (once)",
                flavor.cacheName(),
                nativeAuth ? " with mysql_native_password" : "");
        Path data = dir.resolve("data");
        Path initFile =
                Files.writeString(dir.resolve("init.sql"), ServerCommands.MYSQL_ROOT_ACCOUNT_SQL);
        Path log = dir.resolve("initialize.log");
        Path errorLog = dir.resolve("error.log");
        List<String> command =
                new java.util.ArrayList<>(
                        ServerCommands.initialize(
                                flavor, nativeAuth, baseDir, data, initFile, errorLog, runAsRoot));
        if (lowerCaseTableNames) {
            command.add(SandboxOptions.LOWER_CASE_TABLE_NAMES_1);
        }
        int code = ExternalCommand.run(command, dir, log, INIT_TIMEOUT);
        if (code != 0) {
            String output =
                    FileTrees.tail(log, 4000)
                            + (Files.exists(errorLog) ? "\n" + FileTrees.tail(errorLog, 4000) : "");
            throw new SandboxException(
                    "Initializing a "
                            + flavor.cacheName()
                            + " data directory failed (exit code "
                            + code
                            + ")"
                            + LaunchDiagnostics.hint(output).map(h -> ". " + h).orElse("")
                            + ". Output:\n"
                            + output);
        }
        Files.deleteIfExists(data.resolve("auto.cnf"));
        LOG.info(
                "Initialized the {} template in {} ms",
                flavor.cacheName(),
                (System.nanoTime() - t0) / 1_000_000);
    }
}
