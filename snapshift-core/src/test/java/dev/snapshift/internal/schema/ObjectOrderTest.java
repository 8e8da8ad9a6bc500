package dev.snapshift.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ObjectOrderTest {
    static SchemaObject obj(ObjectKind kind, String db, String name) {
        return new SchemaObject(
                kind,
                db,
                name,
                null,
                "CREATE ...",
                "",
                null,
                null,
                "utf8mb4",
                "utf8mb4_general_ci",
                null,
                "root@localhost",
                null);
    }

    /** A fake target: an object can be created once what it needs exists. */
    static final class Target implements Function<SchemaObject, String> {
        final Map<String, List<String>> needs;
        final Set<String> created = new HashSet<>();
        final List<String> calls = new ArrayList<>();

        Target(Map<String, List<String>> needs) {
            this.needs = needs;
        }

        @Override
        public String apply(SchemaObject o) {
            String key = o.database() + "." + o.name();
            calls.add(key);
            for (String n : needs.getOrDefault(key, List.of())) {
                if (!created.contains(n)) {
                    return "missing " + n + " for " + key;
                }
            }
            created.add(key);
            return "ok";
        }
    }

    @Test
    void viewsAcrossDatabasesFindTheirViewsAndFunctions() {
        // read database by database, as --databases lists them: the dependents come first
        List<SchemaObject> objects =
                List.of(
                        obj(
                                ObjectKind.VIEW,
                                "reports",
                                "v_total"), // reads shop.v_orders, calls util.f_tax
                        obj(ObjectKind.VIEW, "shop", "v_a"), // reads shop.v_orders
                        obj(ObjectKind.VIEW, "shop", "v_orders"),
                        obj(ObjectKind.TRIGGER, "shop", "t_ins"),
                        obj(ObjectKind.EVENT, "shop", "e_purge"),
                        obj(ObjectKind.FUNCTION, "util", "f_tax"));
        Target target =
                new Target(
                        Map.of(
                                "reports.v_total",
                                List.of("shop.v_orders", "util.f_tax"),
                                "shop.v_a",
                                List.of("shop.v_orders")));
        Map<SchemaObject, String> results = ObjectOrder.createAll(objects, target, "ok"::equals);
        assertThat(results.values()).containsOnly("ok");
        assertThat(target.created).hasSize(6);
        assertThat(target.calls.get(0)).isEqualTo("util.f_tax"); // routines first
        assertThat(target.calls.subList(target.calls.size() - 2, target.calls.size()))
                .containsExactly("shop.t_ins", "shop.e_purge");
    }

    @Test
    void aFailureStopsNothingAndKeepsItsOwnError() {
        List<SchemaObject> objects =
                List.of(
                        obj(ObjectKind.VIEW, "a", "v_broken"), // needs a table that is not there
                        obj(ObjectKind.VIEW, "a", "v_fine"),
                        obj(ObjectKind.VIEW, "b", "v_also_broken"),
                        obj(ObjectKind.TRIGGER, "a", "t"),
                        obj(ObjectKind.EVENT, "a", "e"));
        Target target =
                new Target(
                        Map.of(
                                "a.v_broken",
                                List.of("x.missing_table"),
                                "b.v_also_broken",
                                List.of("y.missing_function")));
        Map<SchemaObject, String> results = ObjectOrder.createAll(objects, target, "ok"::equals);
        assertThat(results).hasSize(5);
        assertThat(results.get(objects.get(0))).isEqualTo("missing x.missing_table for a.v_broken");
        assertThat(results.get(objects.get(2)))
                .isEqualTo("missing y.missing_function for b.v_also_broken");
        assertThat(target.created).containsExactlyInAnyOrder("a.v_fine", "a.t", "a.e");
        // failed views are tried again once after a pass that created something, then given up
        assertThat(target.calls.stream().filter("a.v_broken"::equals)).hasSize(2);
    }

    @Test
    void triggersKeepTheirReadOrderAndPackagesPrecedeBodies() {
        List<SchemaObject> objects =
                List.of(
                        obj(ObjectKind.TRIGGER, "a", "t2_first"),
                                obj(ObjectKind.TRIGGER, "a", "t1_second"),
                        obj(ObjectKind.PACKAGE_BODY, "a", "pkg"),
                                obj(ObjectKind.PACKAGE, "a", "pkg"));
        Target target = new Target(Map.of());
        ObjectOrder.createAll(objects, target, "ok"::equals);
        assertThat(target.calls).containsExactly("a.pkg", "a.pkg", "a.t2_first", "a.t1_second");
        assertThat(
                        ObjectOrder.createAll(objects, target, "ok"::equals).keySet().stream()
                                .map(SchemaObject::kind)
                                .toList())
                .containsExactly(
                        ObjectKind.PACKAGE,
                        ObjectKind.PACKAGE_BODY,
                        ObjectKind.TRIGGER,
                        ObjectKind.TRIGGER);
    }
}
