package dev.snapshift.sandbox;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One running server process, started directly (no shell, no wrapper) so that its pid is the
 * server's. Stopped by that pid only: SIGTERM, a bounded wait, then SIGKILL.
 */
final class ServerProcess {
    private final Process process;
    private final Path output;

    private ServerProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /** Starts {@code command}; its stdout and stderr go to {@code output}. */
    static ServerProcess launch(List<String> command, Path output) {
        ProcessBuilder pb =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        try {
            return new ServerProcess(pb.start(), output);
        } catch (IOException e) {
            throw new SandboxException("cannot start " + command.get(0) + ": " + e.getMessage(), e);
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** What the process wrote to stdout and stderr (the dynamic linker's errors end up here). */
    String output() {
        return FileTrees.tail(output, 4000);
    }

    /** Asks the server to shut down (SIGTERM) without waiting. */
    void requestStop() {
        process.destroy();
    }

    /**
     * Stops the server: SIGTERM, up to {@code grace} for a clean shutdown, then SIGKILL.
     *
     * @return whether it had to be killed
     */
    boolean stop(Duration grace) {
        if (!process.isAlive()) {
            return false;
        }
        process.destroy();
        boolean interrupted = false;
        try {
            if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                return false;
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return true;
    }
}
