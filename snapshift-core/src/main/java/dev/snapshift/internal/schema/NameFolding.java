package dev.snapshift.internal.schema;

import dev.snapshift.internal.jdbc.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How the target stores and compares database and table names. With {@code
 * lower_case_table_names=1} (Azure's only value on 8.0) it stores them in lower case and compares
 * without case, so {@code Shop.Orders} from a case-sensitive source becomes {@code shop.orders},
 * and {@code Orders} and {@code orders} of one database become one table. Pure.
 */
public record NameFolding(boolean folds) {
    public static final NameFolding NONE = new NameFolding(false);

    /** The target's rule ({@code lower_case_table_names} 1 and 2 compare without case). */
    public static NameFolding of(Connection target) throws SQLException {
        return of(Jdbc.scalar(target, "SELECT @@lower_case_table_names"));
    }

    public static NameFolding of(String lowerCaseTableNames) {
        return new NameFolding(
                lowerCaseTableNames != null && !"0".equals(lowerCaseTableNames.trim()));
    }

    /** The name as the target keeps (and compares) it. */
    public String fold(String name) {
        return folds && name != null ? name.toLowerCase(Locale.ROOT) : name;
    }

    public boolean same(String a, String b) {
        return folds ? a.equalsIgnoreCase(b) : a.equals(b);
    }

    /** Groups of two or more names that become one on the target, e.g. [Orders, orders]. */
    public List<List<String>> collisions(Collection<String> names) {
        Map<String, List<String>> byFolded = new LinkedHashMap<>();
        for (String n : names) {
            byFolded.computeIfAbsent(fold(n), k -> new ArrayList<>()).add(n);
        }
        return byFolded.values().stream().filter(g -> g.size() > 1).toList();
    }
}
