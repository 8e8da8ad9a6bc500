package dev.snapshift.it;

import dev.snapshift.Migration;
import dev.snapshift.api.ConnectionSpec;
import dev.snapshift.api.MigrationConfig;
import dev.snapshift.api.OnlineOptions;
import java.nio.file.Path;
import java.util.List;

/**
 * An online migration in a JVM of its own, for a test to kill with SIGKILL: {@code SOURCE_URL
 * TARGET_URL DATABASE STATE_DIR}, passwords in SNAPSHIFT_SOURCE_PASSWORD and
 * SNAPSHIFT_TARGET_PASSWORD. It catches up until it is killed (or cut over).
 */
public final class OnlineMain {
    private OnlineMain() {}

    public static void main(String[] args) {
        MigrationConfig config =
                MigrationConfig.of(
                                ConnectionSpec.parse(
                                        "source",
                                        args[0],
                                        System.getenv("SNAPSHIFT_SOURCE_PASSWORD")),
                                ConnectionSpec.parse(
                                        "target",
                                        args[1],
                                        System.getenv("SNAPSHIFT_TARGET_PASSWORD")),
                                List.of(args[2]),
                                2)
                        .withChunkRows(250)
                        .withStateDir(Path.of(args[3]))
                        .withOnline(OnlineOptions.defaults());
        System.out.println("status=" + Migration.of(config).run().status());
    }
}
