package dev.snapshift.internal.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.snapshift.api.CutoverRequest;
import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.SnapshiftException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How {@code snapshift cutover} reaches a running {@code migrate --online}: a request file, {@value
 * #FILE}, written atomically into the run's state directory; the online process looks for it
 * between two applied groups (a few times a second), takes it (deletes it) and records the cutover
 * in the run state, which the cutover command follows until it ends. Nothing but the file system is
 * shared, so it works whatever the two processes are (another terminal, the dashboard, a script),
 * and a request left by a process that died is taken by the next one that runs the run. In the same
 * process, {@link #request} does the same without a file.
 */
public final class CutoverRequests {
    static final String FILE = "cutover-request.json";

    private final Path directory;
    private final AtomicReference<CutoverRequest> inProcess;

    /**
     * @param directory the run's state directory (null: requests only from this process)
     */
    public CutoverRequests(Path directory) {
        this(directory, new AtomicReference<>());
    }

    private CutoverRequests(Path directory, AtomicReference<CutoverRequest> inProcess) {
        this.directory = directory;
        this.inProcess = inProcess;
    }

    /**
     * The same requests of this process, and also those written into {@code runDirectory} (once the
     * run has one).
     */
    public CutoverRequests withDirectory(Path runDirectory) {
        return new CutoverRequests(runDirectory, inProcess);
    }

    /** Asks the online run of this process to cut over. */
    public void request(CutoverRequest r) {
        inProcess.set(r);
    }

    /** A request waiting, taken (it is not returned again); empty when none. */
    public Optional<CutoverRequest> take() {
        CutoverRequest r = inProcess.getAndSet(null);
        if (r != null) {
            return Optional.of(r);
        }
        if (directory == null) {
            return Optional.empty();
        }
        Path file = directory.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            JsonNode n = RunStore.JSON.readTree(file.toFile());
            Files.deleteIfExists(file);
            return Optional.of(read(n));
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // the next look reports it again
            }
            throw new SnapshiftException(
                    ErrorCode.USAGE,
                    "unreadable cutover request " + file + ": " + e.getMessage(),
                    e);
        }
    }

    /** Writes a request for the run in {@code runDirectory} (atomically: never read half). */
    public static void write(Path runDirectory, CutoverRequest r) {
        ObjectNode n = RunStore.JSON.createObjectNode();
        n.put("requestedAt", r.requestedAt().toString());
        n.put("readOnly", r.readOnly());
        n.put("verify", r.verify().name());
        n.put("timeoutSeconds", r.timeout().toSeconds());
        try {
            AtomicFile.write(runDirectory.resolve(FILE), RunStore.JSON.writeValueAsBytes(n));
        } catch (IOException e) {
            throw new SnapshiftException(
                    ErrorCode.USAGE,
                    "cannot write the cutover request into " + runDirectory + ": " + e.getMessage(),
                    e);
        }
    }

    /** Whether a request waits in {@code runDirectory}, not taken yet. */
    public static boolean pending(Path runDirectory) {
        return Files.exists(runDirectory.resolve(FILE));
    }

    static CutoverRequest read(JsonNode n) {
        return new CutoverRequest(
                Instant.parse(n.path("requestedAt").asText()),
                n.path("readOnly").asBoolean(false),
                CutoverRequest.Verify.parse(n.path("verify").asText("COUNTS")),
                Duration.ofSeconds(
                        n.path("timeoutSeconds")
                                .asLong(CutoverRequest.DEFAULT_TIMEOUT.toSeconds())));
    }
}
