package dev.snapshift.internal.jdbc;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The private, empty folder that LOAD DATA LOCAL INFILE may name (see {@link Connections}): nothing
 * is ever written there, the driver only checks that a requested file lies inside it. One per run,
 * named after the process ({@code snapshift-infile-<pid>-<random>}) and deleted on close, on every
 * path out of the run. A process killed with SIGKILL cannot delete its folder: the next run sweeps
 * the empty folders of processes that are gone.
 */
public final class LocalInfileDir implements AutoCloseable {
    static final String PREFIX = "snapshift-infile-";
    private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)-\\d+");
    private static final Logger LOG = LoggerFactory.getLogger(LocalInfileDir.class);

    private final Path path;

    private LocalInfileDir(Path path) {
        this.path = path;
    }

    /**
     * A new folder in {@code java.io.tmpdir}, after sweeping those that dead processes left there.
     */
    public static LocalInfileDir create() throws IOException {
        return create(
                Path.of(System.getProperty("java.io.tmpdir")),
                ProcessHandle.current().pid(),
                pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }

    static LocalInfileDir create(Path tmp, long pid, LongPredicate alive) throws IOException {
        sweep(tmp, alive);
        return new LocalInfileDir(
                Files.createTempDirectory(
                        tmp,
                        PREFIX + pid + "-",
                        PosixFilePermissions.asFileAttribute(
                                PosixFilePermissions.fromString("rwx------"))));
    }

    /**
     * The process that made a folder of this name, or -1 when the name is not one of ours. Pure.
     */
    static long owner(String fileName) {
        Matcher m = NAME.matcher(fileName);
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    /**
     * Deletes the empty folders of ours whose process is gone; anything else (a live process's
     * folder, one that is not empty, one of another user) is left alone. Returns what it deleted.
     */
    static List<Path> sweep(Path tmp, LongPredicate alive) {
        List<Path> deleted = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, PREFIX + "*")) {
            for (Path d : dirs) {
                long pid = owner(d.getFileName().toString());
                if (pid > 0 && !alive.test(pid)) {
                    try {
                        Files.delete(d); // refuses a folder that is not empty
                        deleted.add(d);
                    } catch (IOException e) {
                        LOG.debug("left {} alone: {}", d, e.toString());
                    }
                }
            }
        } catch (IOException e) {
            LOG.debug("could not look for folders of dead runs in {}: {}", tmp, e.toString());
        }
        return deleted;
    }

    public Path path() {
        return path;
    }

    /** Deletes the folder. Never throws: a failure is logged, and the next run's sweep gets it. */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", path, e.toString());
        }
    }
}
