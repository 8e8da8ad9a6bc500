package dev.snapshift.internal.state;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Replaces a file so that a reader, or a crash at any moment, sees either the old or the new
 * content: write a temporary file in the same directory, fsync it, rename it over the file, fsync
 * the directory.
 */
final class AtomicFile {
    private AtomicFile() {}

    static void write(Path file, byte[] content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            // a stream, not a FileChannel: an interrupted thread (Ctrl-C) must still be able to
            // write the final state
            try (FileOutputStream out = new FileOutputStream(tmp.toFile())) {
                out.write(content);
                out.getFD().sync();
            }
            Files.move(
                    tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        syncDirectory(dir);
    }

    /**
     * Makes the rename itself durable where the platform can fsync a directory (Linux, macOS; not
     * Windows).
     */
    private static void syncDirectory(Path dir) {
        boolean interrupted =
                Thread.interrupted(); // a channel refuses to work for an interrupted thread
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // the rename is atomic anyway; only its durability across a power loss is not
            // guaranteed here
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Creates a directory that only its owner can read, where the platform has POSIX permissions.
     */
    static Path createPrivateDirectory(Path dir) throws IOException {
        try {
            return Files.createDirectory(
                    dir,
                    PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            return Files.createDirectory(dir);
        }
    }
}
