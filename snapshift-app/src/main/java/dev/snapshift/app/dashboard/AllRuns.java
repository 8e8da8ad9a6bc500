package dev.snapshift.app.dashboard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Several sources as one; the first source that knows a run id wins (live runs before their saved
 * state).
 */
public final class AllRuns implements RunSource {
    private final List<RunSource> sources;

    public AllRuns(RunSource... sources) {
        this.sources = List.of(sources);
    }

    @Override
    public List<RunView> list() {
        Map<String, RunView> byId = new LinkedHashMap<>();
        for (RunSource s : sources) {
            for (RunView v : s.list()) {
                byId.putIfAbsent(v.runId(), v);
            }
        }
        List<RunView> all = new ArrayList<>(byId.values());
        all.sort(
                Comparator.comparing(
                                (RunView v) -> v.state().startedAt(),
                                Comparator.nullsFirst(Comparator.naturalOrder()))
                        .reversed());
        return all;
    }

    @Override
    public Optional<RunView> find(String runId) {
        for (RunSource s : sources) {
            Optional<RunView> v = s.find(runId);
            if (v.isPresent()) {
                return v;
            }
        }
        return Optional.empty();
    }
}
