package dev.snapshift.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EventStatementsTest {
    @Test
    void enabledBecomesDisabledDefinerKept() {
        assertThat(
                        EventStatements.createDisabled(
                                "CREATE DEFINER=`app`@`%` EVENT `e` ON SCHEDULE EVERY 1 DAY STARTS"
                                        + " '2030-01-01 00:00:00' ON COMPLETION PRESERVE ENABLE COMMENT 'ENABLE' DO INSERT INTO t VALUES"
                                        + " ('ENABLE')"))
                .isEqualTo(
                        "CREATE DEFINER=`app`@`%` EVENT `e` ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 00:00:00'"
                                + " ON COMPLETION PRESERVE DISABLE COMMENT 'ENABLE' DO INSERT INTO t VALUES ('ENABLE')");
    }

    @Test
    void disableOnSlaveAndReplica() {
        assertThat(
                        EventStatements.createDisabled(
                                "CREATE DEFINER=\"root\"@\"127.0.0.1\" EVENT \"ev1\" ON SCHEDULE"
                                        + " EVERY 1 DAY"
                                        + " STARTS '2030-01-01 00:00:00' ON COMPLETION PRESERVE DISABLE ON SLAVE COMMENT 'c' DO SELECT 1"))
                .isEqualTo(
                        "CREATE DEFINER=\"root\"@\"127.0.0.1\" EVENT \"ev1\" ON SCHEDULE EVERY 1 DAY"
                                + " STARTS '2030-01-01 00:00:00' ON COMPLETION PRESERVE DISABLE COMMENT 'c' DO SELECT 1");
        assertThat(
                        EventStatements.createDisabled(
                                "CREATE EVENT `e` ON SCHEDULE AT '2031-01-01 00:00:00' ON COMPLETION"
                                        + " NOT"
                                        + " PRESERVE DISABLE ON REPLICA DO SELECT 1"))
                .isEqualTo(
                        "CREATE EVENT `e` ON SCHEDULE AT '2031-01-01 00:00:00' ON COMPLETION NOT PRESERVE DISABLE"
                                + " DO SELECT 1");
    }

    @Test
    void disabledStaysDisabledAndMissingStatusIsAdded() {
        String disabled =
                "CREATE DEFINER=`a`@`b` EVENT `e` ON SCHEDULE AT '2031-01-01 00:00:00' ON COMPLETION NOT"
                        + " PRESERVE"
                        + " DISABLE DO SELECT 1";
        assertThat(EventStatements.createDisabled(disabled)).isEqualTo(disabled);
        assertThat(
                        EventStatements.createDisabled(
                                "CREATE EVENT e ON SCHEDULE AT '2031-01-01' ON COMPLETION"
                                        + " PRESERVE\nDO SELECT 1"))
                .isEqualTo(
                        "CREATE EVENT e ON SCHEDULE AT '2031-01-01' ON COMPLETION PRESERVE DISABLE\nDO SELECT 1");
    }

    @Test
    void anEventNamedLikeTheClauseIsNotConfused() {
        assertThat(
                        EventStatements.createDisabled(
                                "CREATE DEFINER=`a`@`b` EVENT `ON COMPLETION PRESERVE ENABLE` ON"
                                        + " SCHEDULE"
                                        + " AT '2031-01-01 00:00:00' ON COMPLETION NOT PRESERVE ENABLE DO SELECT 1"))
                .isEqualTo(
                        "CREATE DEFINER=`a`@`b` EVENT `ON COMPLETION PRESERVE ENABLE` ON SCHEDULE"
                                + " AT '2031-01-01 00:00:00' ON COMPLETION NOT PRESERVE DISABLE DO SELECT 1");
    }

    @Test
    void somethingElseIsRefused() {
        assertThatThrownBy(() -> EventStatements.createDisabled("CREATE PROCEDURE p() SELECT 1"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
