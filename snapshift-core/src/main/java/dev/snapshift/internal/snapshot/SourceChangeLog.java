package dev.snapshift.internal.snapshot;

import dev.snapshift.api.SourceChange;
import java.util.List;

/**
 * Where settings changed on the source are recorded: durably before the change, and again once they
 * are put back, so that a run killed in between (SIGKILL, power loss) still says what it left
 * behind.
 */
public interface SourceChangeLog {
    SourceChangeLog NONE =
            new SourceChangeLog() {
                @Override
                public void changing(List<SourceChange> changes) {}

                @Override
                public void restored(List<SourceChange> changes) {}
            };

    /** Returns only once the changes are recorded durably; the change is made after it. */
    void changing(List<SourceChange> changes);

    void restored(List<SourceChange> changes);
}
