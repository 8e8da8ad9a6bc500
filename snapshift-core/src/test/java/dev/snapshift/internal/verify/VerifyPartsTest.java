package dev.snapshift.internal.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapshift.api.VerifyProgress;
import dev.snapshift.api.VerifyResult;
import dev.snapshift.internal.copy.PageCheck;
import dev.snapshift.internal.copy.PageRange;
import dev.snapshift.internal.schema.ColumnInfo;
import dev.snapshift.internal.schema.TableInfo;
import dev.snapshift.internal.schema.ValueKind;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure parts of {@code verify}: what a table compares, its outcome, the SQL it sends. */
class VerifyPartsTest {
    static ColumnInfo col(String name, String type) {
        return new ColumnInfo(name, type, type, null, null, false, ValueKind.of(type, null));
    }

    static ColumnInfo virtual(String name) {
        return new ColumnInfo(
                name,
                "int",
                "int",
                null,
                null,
                true,
                ValueKind.of("int", null),
                false,
                true,
                "a + 1");
    }

    static final ColumnInfo A = col("a", "int");
    static final ColumnInfo B = col("b", "int");
    static final ColumnInfo V = col("v", "varbinary");

    static TableInfo table(List<ColumnInfo> columns, List<ColumnInfo> key) {
        return new TableInfo(
                "db", "t", "InnoDB", 10, 100, columns, key, key.isEmpty() ? null : "PRIMARY");
    }

    @Test
    void aTableComparesTheStoredColumnsBothSidesHave() {
        TableComparison t =
                TableComparison.of(
                        table(List.of(A, B, V, virtual("g")), List.of(A)),
                        table(List.of(A, V, virtual("g")), List.of(A)));
        assertThat(t.columns()).containsExactly(A, V);
        assertThat(t.table.key()).containsExactly(A);
        assertThat(t.result().note()).isNull();
    }

    @Test
    void aKeyColumnMissingOnTheTargetMakesTheTableAMultiset() {
        TableComparison t =
                TableComparison.of(
                        table(List.of(A, B), List.of(A, B)), table(List.of(A), List.of(A)));
        assertThat(t.columns()).containsExactly(A);
        assertThat(t.table.key()).isEmpty();
        assertThat(t.result().note()).contains("multiset");
    }

    @Test
    void theOutcomeFollowsTheChunksAndTheRechecks() {
        TableComparison t =
                TableComparison.of(table(List.of(A), List.of(A)), table(List.of(A), List.of(A)));
        PageRange one = PageRange.whole(t.table);
        PageCheck.Digest d = new PageCheck.Digest(3, BigInteger.TEN);
        t.compared(one, d, d);
        assertThat(t.result().outcome()).isEqualTo(VerifyResult.Outcome.EQUAL);

        PageRange two = new PageRange(t.table, null, true, new byte[][] {ascii("5")}, "two");
        t.compared(two, d, new PageCheck.Digest(2, BigInteger.TEN));
        assertThat(t.differing()).containsExactly(two);
        t.differences(new PageCheck.Differences(List.of("a=4 (missing on the target)"), 1), 10);
        VerifyResult.TableResult r = t.result();
        assertThat(r.outcome()).isEqualTo(VerifyResult.Outcome.DIFFERENT);
        assertThat(r.sourceRows()).isEqualTo(6);
        assertThat(r.targetRows()).isEqualTo(5);
        assertThat(r.chunks()).isEqualTo(2);
        assertThat(r.differingChunks()).isEqualTo(1);
        assertThat(r.differingKeys()).containsExactly("a=4 (missing on the target)");

        t.settled(two);
        assertThat(t.result().settledChunks()).isEqualTo(1);
        assertThat(t.result().differingChunks()).isZero();

        t.notCompared("lost");
        assertThat(t.result().outcome()).isEqualTo(VerifyResult.Outcome.NOT_COMPARED);
        assertThat(t.result().note()).isEqualTo("not compared: lost");
    }

    @Test
    void keysCountedBeyondMaxAreNotListed() {
        TableComparison t =
                TableComparison.of(table(List.of(A), List.of(A)), table(List.of(A), List.of(A)));
        t.differences(new PageCheck.Differences(List.of("a=1", "a=2"), 5), 3);
        t.differences(new PageCheck.Differences(List.of("a=7", "a=8"), 2), 3);
        assertThat(t.result().differingKeys()).containsExactly("a=1", "a=2", "a=7");
        assertThat(t.result().differingRows()).isEqualTo(7);
    }

    @Test
    void aKeysetPageEndsOnTheKeyRowsOn() {
        TableInfo t = table(List.of(A, B, V), List.of(A, B));
        assertThat(KeysetBoundary.sql(t, null, 100))
                .isEqualTo("SELECT `a`, `b` FROM `db`.`t` ORDER BY `a`, `b` LIMIT 1 OFFSET 99");
        assertThat(KeysetBoundary.sql(t, new byte[][] {ascii("3"), ascii("4")}, 1))
                .startsWith("SELECT `a`, `b` FROM `db`.`t` WHERE ")
                .endsWith(" ORDER BY `a`, `b` LIMIT 1 OFFSET 0");
    }

    @Test
    void definitionsIgnoreWhatEightPrintsDifferently() {
        assertThat(SchemaComparison.columnType("int(11)")).isEqualTo("int");
        assertThat(SchemaComparison.columnType("bigint(20) unsigned")).isEqualTo("bigint unsigned");
        assertThat(SchemaComparison.columnType("tinyint(1)")).isEqualTo("tinyint(1)");
        assertThat(SchemaComparison.columnType("int(5) unsigned zerofill"))
                .isEqualTo("int(5) unsigned zerofill");
        assertThat(SchemaComparison.columnType("decimal(10,2)")).isEqualTo("decimal(10,2)");
        assertThat(
                        SchemaComparison.routineTypes(
                                "IN p_id int(11), IN flag tinyint(1), IN n tinyint(3) unsigned,"
                                        + " IN z int(5) unsigned zerofill, IN d decimal(10,2)"))
                .isEqualTo(
                        "in p_id int, in flag tinyint(1), in n tinyint unsigned,"
                                + " in z int(5) unsigned zerofill, in d decimal(10,2)");
        assertThat(SchemaComparison.routineTypes("int(11)")).isEqualTo("int");
        assertThat(SchemaComparison.routineTypes(null)).isNull();
        assertThat(SchemaComparison.foreignKeyRule("RESTRICT")).isEqualTo("NO ACTION");
        assertThat(SchemaComparison.foreignKeyRule("CASCADE")).isEqualTo("CASCADE");
        assertThat(SchemaComparison.charset("utf8")).isEqualTo("utf8mb3");
        assertThat(SchemaComparison.charset("utf8_general_ci")).isEqualTo("utf8mb3_general_ci");
        assertThat(SchemaComparison.charset("utf8mb4")).isEqualTo("utf8mb4");
        assertThat(SchemaComparison.extra("DEFAULT_GENERATED on update CURRENT_TIMESTAMP"))
                .isEqualTo(SchemaComparison.extra("on update current_timestamp()"));
    }

    @Test
    void writesAreCountedOnTheComparedDatabasesOnly() {
        assertThat(WriteActivity.tableWritesSql(2))
                .isEqualTo(
                        "SELECT COALESCE(SUM(COUNT_WRITE), 0) FROM performance_schema.table_io_waits_summary_by_table"
                                + " WHERE OBJECT_TYPE = 'TABLE' AND OBJECT_SCHEMA IN (?, ?)");
    }

    @Test
    void progressPercentIsByRowsAndFullWhenEveryChunkIsDone() {
        assertThat(progress(10, 5, 1000, 500).percent()).isEqualTo(50.0);
        assertThat(progress(10, 9, 1000, 5000).percent()).isEqualTo(99.9);
        assertThat(progress(10, 10, 1000, 900).percent()).isEqualTo(100.0);
        assertThat(progress(4, 1, 0, 0).percent()).isEqualTo(25.0);
    }

    static VerifyProgress progress(int total, int done, long estimated, long compared) {
        return new VerifyProgress(
                "compare", 1, total, done, estimated, compared, 0, Duration.ZERO, null);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
