package dev.snapshift.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DefinersTest {
    @Test
    void backquotedAsShowCreateWritesIt() {
        String s = "CREATE DEFINER=`app`@`%` PROCEDURE `p`()\nBEGIN SELECT 'DEFINER=`x`@`y` '; END";
        assertThat(Definers.definer(s)).contains("`app`@`%`");
        assertThat(Definers.withoutDefiner(s))
                .isEqualTo("CREATE PROCEDURE `p`()\nBEGIN SELECT 'DEFINER=`x`@`y` '; END");
    }

    @Test
    void doubleQuotedUnderAnsiQuotes() {
        String s =
                "CREATE DEFINER=\"ap\"\"p\"@\"10.0.0.%\" TRIGGER \"t\" BEFORE INSERT ON \"x\" FOR EACH ROW SET"
                        + " NEW.a = 1";
        assertThat(Definers.definer(s)).contains("\"ap\"\"p\"@\"10.0.0.%\"");
        assertThat(Definers.withoutDefiner(s))
                .isEqualTo(
                        "CREATE TRIGGER \"t\" BEFORE INSERT ON \"x\" FOR EACH ROW SET NEW.a = 1");
    }

    @Test
    void viewsKeepAlgorithmAndSqlSecurity() {
        String s =
                "CREATE ALGORITHM=UNDEFINED DEFINER=`root`@`localhost` SQL SECURITY DEFINER VIEW `db`.`v` AS select"
                        + " 1";
        assertThat(Definers.withoutDefiner(s))
                .isEqualTo(
                        "CREATE ALGORITHM=UNDEFINED SQL SECURITY DEFINER VIEW `db`.`v` AS select 1");
    }

    @Test
    void handWrittenForms() {
        assertThat(
                        Definers.withoutDefiner(
                                "CREATE DEFINER=root@localhost FUNCTION f() RETURNS int RETURN 1"))
                .isEqualTo("CREATE FUNCTION f() RETURNS int RETURN 1");
        assertThat(
                        Definers.withoutDefiner(
                                "CREATE DEFINER = 'a''b'@'h' EVENT e ON SCHEDULE AT '2030-01-01' DO SELECT"
                                        + " 1"))
                .isEqualTo("CREATE EVENT e ON SCHEDULE AT '2030-01-01' DO SELECT 1");
        assertThat(Definers.withoutDefiner("CREATE DEFINER=CURRENT_USER() PROCEDURE p() SELECT 1"))
                .isEqualTo("CREATE PROCEDURE p() SELECT 1");
        assertThat(
                        Definers.withoutDefiner(
                                "create definer=current_user trigger t before insert on x for each row set"
                                        + " @a=1"))
                .isEqualTo("create trigger t before insert on x for each row set @a=1");
        assertThat(Definers.withoutDefiner("CREATE DEFINER=`role_only` PROCEDURE p() SELECT 1"))
                .isEqualTo("CREATE PROCEDURE p() SELECT 1");
    }

    @Test
    void aStatementWithoutDefinerIsLeftAlone() {
        String s = "CREATE PROCEDURE p() SELECT 'DEFINER=`a`@`b`'";
        assertThat(Definers.definer(s)).isEmpty();
        assertThat(Definers.withoutDefiner(s)).isSameAs(s);
    }
}
