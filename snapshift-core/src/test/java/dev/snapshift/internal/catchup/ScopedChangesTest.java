package dev.snapshift.internal.catchup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Serializable;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScopedChangesTest {
    static final ApplyTable T =
            new ApplyTable(
                    "d",
                    "t",
                    List.of(
                            new ApplyTable.Column("v", "varchar", false, "utf8mb4", false),
                            new ApplyTable.Column("id", "int", true, null, false)),
                    new int[] {1});

    /** Keeps ids 1..10 of d.t; d.w whole. */
    static final RangeReplay.Scope SCOPE =
            new RangeReplay.Scope() {
                @Override
                public boolean whole(String database, String table) {
                    return table.equals("w");
                }

                @Override
                public boolean keeps(String database, String table, BigInteger key) {
                    return table.equals("t")
                            && key.compareTo(BigInteger.ONE) >= 0
                            && key.compareTo(BigInteger.TEN) <= 0;
                }
            };

    static Serializable[] row(int id) {
        return new Serializable[] {"x", id};
    }

    static String describe(List<SourceTransaction.RowsEvent> events) {
        StringBuilder sb = new StringBuilder();
        for (SourceTransaction.RowsEvent e : events) {
            sb.append(e.kind()).append('(');
            for (int i = 0; i < e.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                if (e.kind() == SourceTransaction.Kind.UPDATE) {
                    sb.append(e.before().get(i)[1]).append("->").append(e.after().get(i)[1]);
                } else {
                    sb.append(
                            (e.kind() == SourceTransaction.Kind.DELETE ? e.before() : e.after())
                                    .get(i)[1]);
                }
            }
            sb.append(") ");
        }
        return sb.toString().trim();
    }

    @Test
    void insertsAndDeletesKeepOnlyRowsInsideTheKeptRanges() {
        var ins =
                new SourceTransaction.RowsEvent(
                        "d",
                        "t",
                        2,
                        SourceTransaction.Kind.INSERT,
                        null,
                        List.of(row(1), row(11), row(10)));
        var del =
                new SourceTransaction.RowsEvent(
                        "d", "t", 2, SourceTransaction.Kind.DELETE, List.of(row(0), row(5)), null);
        assertThat(describe(ScopedChanges.filter(ins, T, SCOPE))).isEqualTo("INSERT(1,10)");
        assertThat(describe(ScopedChanges.filter(del, T, SCOPE))).isEqualTo("DELETE(5)");
    }

    @Test
    void anUpdateCrossingABoundaryBecomesADeleteOrAnInsertInOrder() {
        var upd =
                new SourceTransaction.RowsEvent(
                        "d",
                        "t",
                        2,
                        SourceTransaction.Kind.UPDATE,
                        List.of(row(2), row(3), row(20), row(30), row(4)),
                        List.of(row(2), row(40), row(5), row(31), row(6)));
        assertThat(describe(ScopedChanges.filter(upd, T, SCOPE)))
                .isEqualTo("UPDATE(2->2) DELETE(3) INSERT(5) UPDATE(4->6)");
    }

    @Test
    void unsignedKeysAreComparedByTheirValueAndWholeTablesPassUntouched() {
        // INT UNSIGNED 4294967295 arrives as -1
        var ins =
                new SourceTransaction.RowsEvent(
                        "d",
                        "t",
                        2,
                        SourceTransaction.Kind.INSERT,
                        null,
                        List.<Serializable[]>of(row(-1)));
        assertThat(ScopedChanges.filter(ins, T, SCOPE)).isEmpty();
        RangeReplay.Scope top =
                new RangeReplay.Scope() {
                    @Override
                    public boolean whole(String database, String table) {
                        return false;
                    }

                    @Override
                    public boolean keeps(String database, String table, BigInteger key) {
                        return key.equals(new BigInteger("4294967295"));
                    }
                };
        assertThat(describe(ScopedChanges.filter(ins, T, top))).isEqualTo("INSERT(-1)");
        ApplyTable w = new ApplyTable("d", "w", T.columns(), new int[0]);
        var any =
                new SourceTransaction.RowsEvent(
                        "d",
                        "w",
                        2,
                        SourceTransaction.Kind.INSERT,
                        null,
                        List.<Serializable[]>of(row(99)));
        assertThat(ScopedChanges.filter(any, w, SCOPE)).containsExactly(any);
    }
}
