package dev.snapshift.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds an artifact in the local Maven repository and, when it is missing, fetches it with {@code
 * mvn dependency:get}. The repository is {@code -Dmaven.repo.local}, else the {@code
 * localRepository} of {@code ~/.m2/settings.xml}, else {@code ~/.m2/repository}.
 */
final class ArtifactResolver {
    private static final Logger LOG = LoggerFactory.getLogger(ArtifactResolver.class);
    private static final Pattern LOCAL_REPOSITORY =
            Pattern.compile("<localRepository>\\s*([^<]+?)\\s*</localRepository>");
    private static final Duration DOWNLOAD_TIMEOUT = Duration.ofMinutes(30);

    private final Path localRepository;
    private final boolean explicitRepository;

    ArtifactResolver(Path localRepository, boolean explicitRepository) {
        this.localRepository = localRepository;
        this.explicitRepository = explicitRepository;
    }

    static ArtifactResolver fromEnvironment() {
        String property = System.getProperty("maven.repo.local");
        if (property != null && !property.isBlank()) {
            return new ArtifactResolver(Path.of(property), true);
        }
        Path home = Path.of(System.getProperty("user.home"));
        return new ArtifactResolver(
                fromSettings(home.resolve(".m2/settings.xml"), home)
                        .orElse(home.resolve(".m2/repository")),
                false);
    }

    private static Optional<Path> fromSettings(Path settings, Path home) {
        try {
            if (!Files.isRegularFile(settings)) {
                return Optional.empty();
            }
            Matcher m = LOCAL_REPOSITORY.matcher(Files.readString(settings));
            return m.find()
                    ? Optional.of(Path.of(m.group(1).replace("${user.home}", home.toString())))
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    Path localRepository() {
        return localRepository;
    }

    /** The artifact's file, downloaded first when it is not in the local repository yet. */
    Path resolve(MavenArtifact artifact) throws InterruptedException {
        Path file = localRepository.resolve(artifact.relativePath());
        if (Files.isRegularFile(file)) {
            return file;
        }
        download(artifact);
        if (!Files.isRegularFile(file)) {
            throw new SandboxException(
                    "mvn dependency:get reported success but "
                            + file
                            + " does not exist; "
                            + "if your Maven uses another local repository, pass -Dmaven.repo.local=<path>");
        }
        return file;
    }

    private void download(MavenArtifact artifact) throws InterruptedException {
        Path mvn =
                ExternalCommand.onPath("mvn")
                        .orElseThrow(
                                () ->
                                        new SandboxException(
                                                "The artifact "
                                                        + artifact.coordinates()
                                                        + " is not in the local Maven repository "
                                                        + localRepository
                                                        + " and there is no mvn on the PATH to fetch it. Install Maven, or fetch it once with: "
                                                        + "mvn dependency:get -Dartifact="
                                                        + artifact.coordinates()
                                                        + " -Dtransitive=false"));
        List<String> command =
                new ArrayList<>(
                        List.of(
                                mvn.toString(),
                                "-q",
                                "-B",
                                "dependency:get",
                                "-Dartifact=" + artifact.coordinates(),
                                "-Dtransitive=false"));
        if (explicitRepository) {
            command.add("-Dmaven.repo.local=" + localRepository);
        }
        LOG.info(
                "Downloading {} into {} (once; large artifacts take a while)",
                artifact.coordinates(),
                localRepository);
        Path log;
        try {
            log = Files.createTempFile("snapshift-mvn-", ".log");
        } catch (IOException e) {
            throw new SandboxException("cannot create a temporary file: " + e.getMessage(), e);
        }
        try {
            ExternalCommand.runChecked(
                    command, null, log, DOWNLOAD_TIMEOUT, "Downloading " + artifact.coordinates());
        } finally {
            try {
                Files.deleteIfExists(log);
            } catch (IOException ignored) {
                // a leftover log in the temp directory is harmless
            }
        }
    }
}
