package dev.snapshift.app;

import dev.snapshift.MigrationReport;
import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.MigrationConfig;
import dev.snapshift.api.MigrationState;
import dev.snapshift.api.SnapshiftException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code --report} file. Checked before anything runs, so that a path that cannot be written is
 * a usage error up front, not a surprise after an hour of copying; written after the summary, so
 * that a report that still cannot be written never costs the user the coordinates of a finished
 * copy.
 */
final class ReportFile {
    private ReportFile() {}

    /**
     * Throws a usage error when {@code file} cannot be written: it is a directory, a file stands
     * where a directory of its path should be, or the nearest existing directory refuses a new file
     * (tried for real: permissions, read-only file systems). Creates nothing that stays.
     */
    static void requireWritable(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        if (Files.isDirectory(abs)) {
            throw unwritable(
                    file,
                    "it is a directory; name a file in it, e.g. " + abs.resolve("report.json"));
        }
        if (Files.exists(abs) && !Files.isWritable(abs)) {
            throw unwritable(file, "the file exists and is not writable");
        }
        Path dir = abs.getParent();
        while (dir != null && !Files.exists(dir)) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw unwritable(file, "no directory of its path exists");
        }
        if (!Files.isDirectory(dir)) {
            throw unwritable(file, dir + " is a file, not a directory");
        }
        try {
            Files.delete(Files.createTempFile(dir, ".snapshift-report-check", ".tmp"));
        } catch (IOException | SecurityException e) {
            throw unwritable(file, "cannot create a file in " + dir + " (" + e + ")");
        }
    }

    private static SnapshiftException unwritable(Path file, String why) {
        return new SnapshiftException(
                ErrorCode.USAGE,
                "cannot write the report to "
                        + file
                        + ": "
                        + why
                        + "; choose another --report path (nothing was started)");
    }

    /**
     * Writes the report and says where; when that fails, says so and where the same facts are kept.
     * Returns whether it was written.
     */
    static boolean write(Path file, MigrationState state, MigrationConfig config, PrintWriter out) {
        try {
            MigrationReport.write(file, state, config);
            out.println("Report: " + file.toAbsolutePath());
            return true;
        } catch (SnapshiftException e) {
            out.println(
                    "Report NOT written: "
                            + e.getMessage()
                            + ". The summary above holds everything it would say"
                            + (state.binlog() == null ? "" : ", the binlog coordinates included")
                            + "; `snapshift status` shows it again.");
            return false;
        }
    }
}
