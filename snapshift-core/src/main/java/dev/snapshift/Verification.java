package dev.snapshift;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.snapshift.api.VerifyConfig;
import dev.snapshift.api.VerifyProgress;
import dev.snapshift.api.VerifyResult;
import dev.snapshift.internal.verify.VerifyJson;
import dev.snapshift.internal.verify.VerifyRunner;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * A standalone comparison of source and target ({@code bin/snapshift verify}): definitions, then
 * rows chunk by chunk in parallel, the source read in one snapshot. Reads only. {@link #run()}
 * blocks until it ends; {@link #progress()} may be called from any thread meanwhile.
 */
public final class Verification {
    private final VerifyConfig config;
    private final VerifyRunner runner;

    private Verification(VerifyConfig config, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.runner = new VerifyRunner(config, clock);
    }

    public static Verification of(VerifyConfig config) {
        return new Verification(config, Clock.systemUTC());
    }

    public VerifyProgress progress() {
        return runner.progress();
    }

    /**
     * Compares; differences are the result, not an exception.
     *
     * @throws dev.snapshift.api.SnapshiftException CONNECTION when a server cannot be reached,
     *     SNAPSHOT when the point in time cannot be taken or is lost, USAGE for a system database
     */
    public VerifyResult run() throws InterruptedException {
        return runner.run();
    }

    public VerifyConfig config() {
        return config;
    }

    public static ObjectNode toJson(VerifyResult result, VerifyConfig config) {
        return VerifyJson.toJson(result, config);
    }

    /** Writes the JSON report atomically. */
    public static void writeReport(Path file, VerifyResult result, VerifyConfig config) {
        VerifyJson.write(file, result, config);
    }
}
