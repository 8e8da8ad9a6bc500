package dev.snapshift.internal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LOCAL INFILE folder: private, named after its process, deleted on close, swept after a
 * SIGKILL.
 */
class LocalInfileDirTest {

    @Test
    void aFolderNamedAfterTheProcessPrivateAndGoneAfterClose(@TempDir Path tmp) throws Exception {
        Path path;
        try (LocalInfileDir dir = LocalInfileDir.create(tmp, 4242, pid -> true)) {
            path = dir.path();
            assertThat(path.getParent()).isEqualTo(tmp);
            assertThat(LocalInfileDir.owner(path.getFileName().toString())).isEqualTo(4242);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path)))
                    .isEqualTo("rwx------");
        }
        assertThat(path).doesNotExist();
    }

    @Test
    void onlyNamesOfOursHaveAnOwner() {
        assertThat(LocalInfileDir.owner("snapshift-infile-123-98765")).isEqualTo(123);
        assertThat(LocalInfileDir.owner("snapshift-infile-98765"))
                .as("older runs' names carry no pid")
                .isEqualTo(-1);
        assertThat(LocalInfileDir.owner("snapshift-sandbox-123-4")).isEqualTo(-1);
    }

    @Test
    void theNextRunSweepsTheEmptyFoldersOfDeadProcessesOnly(@TempDir Path tmp) throws Exception {
        Path dead = Files.createDirectory(tmp.resolve("snapshift-infile-111-1"));
        Path alive = Files.createDirectory(tmp.resolve("snapshift-infile-222-2"));
        Path notEmpty = Files.createDirectory(tmp.resolve("snapshift-infile-333-3"));
        Files.writeString(notEmpty.resolve("data"), "x");
        Path other = Files.createDirectory(tmp.resolve("snapshift-infile-444"));
        try (LocalInfileDir dir = LocalInfileDir.create(tmp, 555, pid -> pid == 222)) {
            assertThat(dead).doesNotExist();
            assertThat(alive).exists();
            assertThat(notEmpty).exists();
            assertThat(other).exists();
            assertThat(dir.path()).exists();
        }
    }
}
