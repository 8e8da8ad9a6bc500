package dev.snapshift.app;

import dev.snapshift.api.VerifyProgress;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The progress of {@code verify}: a line every few seconds (redrawn in place on an interactive
 * terminal) with the phase, percentage, chunks, rows, differing chunks and the ETA.
 */
final class VerifyProgressPrinter {
    static final long INTERVAL_MILLIS = 2_000;

    private final Supplier<VerifyProgress> source;
    private final PrintWriter out;
    private final boolean interactive;
    private final Thread thread;
    private volatile boolean running = true;

    private VerifyProgressPrinter(
            Supplier<VerifyProgress> source, PrintWriter out, boolean interactive) {
        this.source = source;
        this.out = out;
        this.interactive = interactive;
        this.thread = NamedThreads.thread("snapshift-verify-progress", this::loop);
    }

    static VerifyProgressPrinter start(Supplier<VerifyProgress> source, PrintWriter out) {
        VerifyProgressPrinter p = new VerifyProgressPrinter(source, out, System.console() != null);
        p.thread.start();
        return p;
    }

    void stop() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (interactive) {
            out.print("\r\033[K");
        }
        out.println(line(source.get()));
        out.flush();
    }

    private void loop() {
        while (running) {
            try {
                Thread.sleep(INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            if (!running) {
                return;
            }
            String line = line(source.get());
            if (interactive) {
                out.print("\r\033[K" + line);
            } else {
                out.println(line);
            }
            out.flush();
        }
    }

    /**
     * E.g. {@code compare: 42.0% (12/30 chunks, 1234567 of ~2900000 rows), 1 differing, ETA 12s}.
     */
    static String line(VerifyProgress p) {
        StringBuilder sb =
                new StringBuilder("verify ")
                        .append(p.phase())
                        .append(": ")
                        .append(String.format(Locale.ROOT, "%.1f%%", p.percent()))
                        .append(" (")
                        .append(p.chunksDone())
                        .append('/')
                        .append(p.chunksTotal())
                        .append(" chunks of ")
                        .append(p.tables())
                        .append(" tables, ")
                        .append(p.rowsCompared())
                        .append(" of ~")
                        .append(p.rowsEstimated())
                        .append(" rows)");
        if (p.differingChunks() > 0) {
            sb.append(", ").append(p.differingChunks()).append(" chunk(s) differ");
        }
        sb.append(", elapsed ").append(duration(p.elapsed()));
        if (p.eta() != null && p.chunksDone() < p.chunksTotal()) {
            sb.append(", ETA ").append(duration(p.eta()));
        }
        return sb.toString();
    }

    static String duration(Duration d) {
        long s = d.toSeconds();
        return s >= 3600
                ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
