package dev.snapshift.app;

import dev.snapshift.api.VerifyResult;
import dev.snapshift.api.VerifyResult.Outcome;
import java.io.PrintWriter;
import java.time.Duration;

/** The result of {@code verify} on stdout: the verdict, each table that differs, then the rest. */
final class VerifySummary {
    private VerifySummary() {}

    static void print(VerifyResult r, PrintWriter out) {
        long ms = Duration.between(r.startedAt(), r.finishedAt()).toMillis();
        long equal = r.tables().stream().filter(t -> t.outcome() == Outcome.EQUAL).count();
        out.println();
        out.println(
                "Verify "
                        + (r.equal() ? "EQUAL" : "DIFFERENT")
                        + " in "
                        + ms / 1000.0
                        + " s: "
                        + equal
                        + " of "
                        + r.tables().size()
                        + " table(s) equal, "
                        + r.differingRows()
                        + " differing row(s), "
                        + r.schema().size()
                        + " definition difference(s) (source read with consistency "
                        + r.consistency()
                        + (r.at() == null
                                ? ""
                                : ", at binlog " + r.at().file() + ":" + r.at().position())
                        + ")");
        for (VerifyResult.TableResult t : r.tables()) {
            if (t.outcome() == Outcome.EQUAL) {
                continue;
            }
            StringBuilder sb =
                    new StringBuilder("  ")
                            .append(t.outcome().name())
                            .append(' ')
                            .append(t.qualifiedName());
            if (t.outcome() == Outcome.DIFFERENT) {
                sb.append(": ")
                        .append(t.differingRows())
                        .append(" row(s) differ in ")
                        .append(t.differingChunks())
                        .append(" of ")
                        .append(t.chunks())
                        .append(" chunk(s) (source ")
                        .append(t.sourceRows())
                        .append(" rows, target ")
                        .append(t.targetRows())
                        .append(" rows)");
                if (!t.differingKeys().isEmpty()) {
                    sb.append(": ").append(String.join(", ", t.differingKeys()));
                    if (t.differingRows() > t.differingKeys().size()) {
                        sb.append(", and ")
                                .append(t.differingRows() - t.differingKeys().size())
                                .append(" more");
                    }
                }
            }
            if (t.note() != null) {
                sb.append(" (").append(t.note()).append(')');
            }
            out.println(sb);
        }
        if (!r.schema().isEmpty()) {
            out.println("Definitions that differ:");
            r.schema().forEach(d -> out.println("  " + d));
        }
        long settled = r.tables().stream().mapToLong(VerifyResult.TableResult::settledChunks).sum();
        if (settled > 0) {
            out.println(
                    settled
                            + " chunk(s) differed at first and were equal on a re-check: changes in flight.");
        }
        r.notes().forEach(n -> out.println("Note: " + n));
        if (!r.equal() && r.writesSeen()) {
            out.println(
                    "Writes were seen while verify ran: these differences may be changes in flight;"
                            + " run verify again with a quiet target (after cutover, or replication stopped) to be sure.");
        }
    }
}
