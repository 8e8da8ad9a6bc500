package dev.snapshift.sandbox;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs a short-lived external program to completion, its output going to a log file. */
final class ExternalCommand {
    private ExternalCommand() {}

    /**
     * Runs {@code command} in {@code workDir} (null: the current directory) and waits for it;
     * stdout and stderr go to {@code log}.
     *
     * @return the exit code
     * @throws SandboxException when the program cannot be started or runs longer than {@code
     *     timeout}
     */
    static int run(List<String> command, Path workDir, Path log, Duration timeout)
            throws InterruptedException {
        ProcessBuilder pb =
                new ProcessBuilder(command)
                        .directory(workDir == null ? null : workDir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new SandboxException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new SandboxException(
                        command.get(0)
                                + " did not finish within "
                                + timeout
                                + "; output:\n"
                                + FileTrees.tail(log, 4000));
            }
            return p.exitValue();
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
    }

    /** Runs {@code command} and fails with its output unless it exits with 0. */
    static void runChecked(
            List<String> command, Path workDir, Path log, Duration timeout, String what)
            throws InterruptedException {
        int code = run(command, workDir, log, timeout);
        if (code != 0) {
            String output = FileTrees.tail(log, 6000);
            throw new SandboxException(
                    what
                            + " failed (exit code "
                            + code
                            + ")"
                            + LaunchDiagnostics.hint(output).map(h -> ". " + h).orElse("")
                            + "; output of "
                            + String.join(" ", command)
                            + ":\n"
                            + output);
        }
    }

    /** Finds an executable on the PATH. */
    static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
