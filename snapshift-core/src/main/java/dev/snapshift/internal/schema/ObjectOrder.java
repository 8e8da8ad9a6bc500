package dev.snapshift.internal.schema;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Creates schema objects of every migrated database in an order that satisfies their dependencies,
 * without parsing them: stage by stage ({@link ObjectKind#stage()}: routines, views, triggers,
 * events), and within a stage in passes while a pass creates anything, so a view that reads a view
 * not created yet, in its database or another, simply succeeds in a later pass. One object that
 * cannot be created stops nothing: every other object is still created, and what fails in the last
 * pass is the object's own, final error. Pure: the creation itself is passed in.
 *
 * <p>Triggers keep the order they were read in (table, timing, event, ACTION_ORDER), so their
 * ACTION_ORDER on the target is the source's.
 */
public final class ObjectOrder {
    private ObjectOrder() {}

    /**
     * Creates every object; returns each object's last result, in creation order (failed ones at
     * the end of their stage).
     *
     * @param create creates one object and says how it went; called again for an object that failed
     *     while others of its stage were created in the same pass
     * @param succeeded whether a result means created
     */
    public static <R> Map<SchemaObject, R> createAll(
            List<SchemaObject> objects, Function<SchemaObject, R> create, Predicate<R> succeeded) {
        Map<SchemaObject, R> results = new LinkedHashMap<>();
        List<SchemaObject> sorted = new ArrayList<>(objects);
        // stable: within a stage, the order read (packages before their bodies by kind order)
        sorted.sort(
                Comparator.comparingInt((SchemaObject o) -> o.kind().stage())
                        .thenComparingInt(o -> o.kind() == ObjectKind.PACKAGE_BODY ? 1 : 0));
        int i = 0;
        while (i < sorted.size()) {
            int stage = sorted.get(i).kind().stage();
            List<SchemaObject> pending = new ArrayList<>();
            while (i < sorted.size() && sorted.get(i).kind().stage() == stage) {
                pending.add(sorted.get(i++));
            }
            createStage(pending, create, succeeded, results);
        }
        return results;
    }

    private static <R> void createStage(
            List<SchemaObject> pending,
            Function<SchemaObject, R> create,
            Predicate<R> succeeded,
            Map<SchemaObject, R> results) {
        Map<SchemaObject, R> failed = new LinkedHashMap<>();
        List<SchemaObject> todo = pending;
        while (!todo.isEmpty()) {
            failed.clear();
            for (SchemaObject o : todo) {
                R r = create.apply(o);
                if (succeeded.test(r)) {
                    results.put(o, r);
                } else {
                    failed.put(o, r);
                }
            }
            if (failed.size() == todo.size()) {
                break; // no progress: these fail for reasons of their own
            }
            todo = new ArrayList<>(failed.keySet());
        }
        results.putAll(failed);
    }
}
