package dev.snapshift.app.dashboard;

import java.util.List;
import java.util.Optional;

/** The runs a dashboard serves. Implementations are thread-safe. */
public interface RunSource {
    /** Newest first. */
    List<RunView> list();

    Optional<RunView> find(String runId);
}
