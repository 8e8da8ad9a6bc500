package dev.snapshift.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Builds cached directories once, safely across threads and JVMs: the content is built in a
 * temporary sibling directory and renamed into place atomically, so a directory that exists is
 * complete. When two JVMs race, the loser's copy is discarded.
 */
final class CacheDirectory {
    private static final Map<Path, Object> LOCKS = new ConcurrentHashMap<>();
    private static final Duration STALE = Duration.ofHours(6);

    /** Fills a fresh, empty directory. */
    @FunctionalInterface
    interface Builder {
        void build(Path emptyDirectory) throws IOException, InterruptedException;
    }

    private CacheDirectory() {}

    /** {@code ~/.cache/snapshift/sandbox}. */
    static Path root() {
        return Path.of(System.getProperty("user.home"), ".cache", "snapshift", "sandbox");
    }

    /** Returns {@code target}, building it first if it does not exist yet. */
    static Path ensure(Path target, Builder builder) throws IOException, InterruptedException {
        if (Files.isDirectory(target)) {
            return target;
        }
        synchronized (
                LOCKS.computeIfAbsent(target.toAbsolutePath().normalize(), k -> new Object())) {
            if (Files.isDirectory(target)) {
                return target;
            }
            Path parent = target.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            String prefix = "." + target.getFileName() + ".tmp-";
            deleteStaleLeftovers(parent, prefix);
            Path tmp = Files.createTempDirectory(parent, prefix);
            try {
                builder.build(tmp);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                if (!Files.isDirectory(target)) {
                    throw e;
                }
                // another JVM published the same directory first; use theirs
            } finally {
                FileTrees.delete(tmp);
            }
            return target;
        }
    }

    /** Removes temporary directories that crashed builds left behind long ago. */
    private static void deleteStaleLeftovers(Path parent, String prefix) throws IOException {
        Instant cutoff = Instant.now().minus(STALE);
        try (Stream<Path> siblings = Files.list(parent)) {
            for (Path p : (Iterable<Path>) siblings::iterator) {
                if (p.getFileName().toString().startsWith(prefix)
                        && Files.getLastModifiedTime(p).compareTo(FileTime.from(cutoff)) < 0) {
                    FileTrees.delete(p);
                }
            }
        }
    }
}
