package dev.snapshift.app.dashboard;

import dev.snapshift.api.Checkpoint;
import dev.snapshift.api.MigrationHooks;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A hook that holds a migration at one checkpoint (the first time it is reached) until the test
 * opens the gate, so that what the dashboard shows there can be checked deterministically. Never
 * holds longer than two minutes.
 */
final class Gate implements MigrationHooks {
    private final Checkpoint at;
    private final CountDownLatch reached = new CountDownLatch(1);
    private final CountDownLatch open = new CountDownLatch(1);

    Gate(Checkpoint at) {
        this.at = at;
    }

    @Override
    public void reached(Checkpoint point, int session) throws InterruptedException {
        if (point == at && reached.getCount() > 0) {
            reached.countDown();
            open.await(2, TimeUnit.MINUTES);
        }
    }

    void awaitReached() throws InterruptedException {
        if (!reached.await(2, TimeUnit.MINUTES)) {
            throw new AssertionError("the migration never reached " + at);
        }
    }

    void open() {
        open.countDown();
    }
}
