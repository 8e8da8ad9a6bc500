package dev.snapshift.internal.preflight;

import dev.snapshift.api.PreflightCheck;
import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.schema.TableInfo;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Data size of the selected tables and the copy time it suggests (informational). */
final class DurationEstimate {
    static final String NAME = "data size";

    private DurationEstimate() {}

    /**
     * DATA_LENGTH + INDEX_LENGTH of each selected table, or its {@link TableInfo#dataLength()} when
     * that is more (the statistics lag behind rows just written).
     */
    static SizeEstimate read(Connection source, List<TableInfo> tables) throws SQLException {
        Set<String> databases = new TreeSet<>();
        Map<String, Long> selected = new HashMap<>();
        tables.forEach(
                t -> {
                    databases.add(t.database());
                    selected.put(t.qualifiedName(), t.dataLength());
                });
        Map<String, Long> bytes = new HashMap<>();
        for (String db : databases) {
            Jdbc.query(
                    source,
                    "SELECT TABLE_NAME, COALESCE(DATA_LENGTH, 0) + COALESCE(INDEX_LENGTH, 0)"
                            + " FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE'",
                    rs -> {
                        String name = db + "." + rs.getString(1);
                        Long least = selected.get(name);
                        if (least != null) {
                            bytes.put(name, Math.max(rs.getLong(2), least));
                        }
                        return null;
                    },
                    db);
        }
        return new SizeEstimate(bytes);
    }

    static PreflightCheck check(PreflightContext ctx) {
        SizeEstimate e = ctx.estimate();
        return PreflightCheck.ok(
                NAME,
                Texts.bytes(e.bytes())
                        + " in "
                        + Texts.count(ctx.tables().size(), "table", "tables")
                        + " (data + indexes, as information_schema or, where larger, the"
                        + " tablespace files say); at an assumed "
                        + SizeEstimate.ASSUMPTION
                        + " the copy takes about "
                        + Texts.duration(e.duration()));
    }
}
