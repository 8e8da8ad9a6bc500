package dev.snapshift.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetOptionsTest {
    private static TargetOptions tables(List<String> include, List<String> exclude) {
        return new TargetOptions(
                DefinerPolicy.AUTO, false, false, Map.of(), null, include, exclude);
    }

    @Test
    void includeAndExcludePatternsSelectTablesAndDatabases() {
        TargetOptions o = tables(List.of("shop.*", "billing.invoice_?"), List.of("*.audit_log"));
        assertThat(o.selects("shop", "orders")).isTrue();
        assertThat(o.selects("SHOP", "Orders")).as("case-insensitive").isTrue();
        assertThat(o.selects("shop", "audit_log")).isFalse();
        assertThat(o.selects("billing", "invoice_1")).isTrue();
        assertThat(o.selects("billing", "invoice_12")).isFalse();
        assertThat(o.selects("crm", "orders")).isFalse();
        assertThat(o.selectsDatabase("billing")).isTrue();
        assertThat(o.selectsDatabase("crm")).isFalse();
        assertThat(tables(List.of(), List.of()).selects("any", "thing")).isTrue();
        assertThat(o.selects("shop", "a.b")).as("a dot in a name is a character like any").isTrue();
    }

    @Test
    void aPatternWithoutADatabaseIsRefused() {
        assertThatThrownBy(() -> tables(List.of("orders"), List.of()))
                .hasMessageContaining("--include-tables takes db.table patterns");
    }

    @Test
    void usersMatchByNameOrByAccount() {
        TargetOptions o =
                new TargetOptions(
                        DefinerPolicy.AUTO, false, false, Map.of(), "app_*", List.of(), List.of());
        assertThat(o.copiesUser("app_reader", "%")).isTrue();
        assertThat(o.copiesUser("admin", "%")).isFalse();
        TargetOptions host =
                new TargetOptions(
                        DefinerPolicy.AUTO,
                        false,
                        false,
                        Map.of(),
                        "*@10.0.%",
                        List.of(),
                        List.of());
        assertThat(host.copiesUser("app", "10.0.%")).isTrue();
        assertThat(host.copiesUser("app", "%")).isFalse();
        assertThat(TargetOptions.DEFAULTS.copiesUser("app", "%")).isFalse();
        TargetOptions list =
                new TargetOptions(
                        DefinerPolicy.AUTO,
                        false,
                        false,
                        Map.of(),
                        "reader_role, app_*@%",
                        List.of(),
                        List.of());
        assertThat(list.copiesUser("reader_role", "%")).isTrue();
        assertThat(list.copiesUser("app_x", "%")).isTrue();
        assertThat(list.copiesUser("app_x", "localhost")).isFalse();
        assertThat(list.copiesUser("other", "%")).isFalse();
    }

    @Test
    void collationMapPairsAreParsed() {
        assertThat(TargetOptions.parseCollationMap(List.of("A_CI=b_ci", " x = y ")))
                .containsExactly(Map.entry("a_ci", "b_ci"), Map.entry("x", "y"));
        assertThatThrownBy(() -> TargetOptions.parseCollationMap(List.of("a_ci")))
                .hasMessageContaining("FROM=TO");
    }
}
