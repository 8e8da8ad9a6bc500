package dev.snapshift.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeferredIndexesTest {
    static final String DDL =
            String.join(
                    "\n",
                    "CREATE TABLE `orders` (",
                    "  `id` int NOT NULL AUTO_INCREMENT,",
                    "  `customer_id` int NOT NULL,",
                    "  `note` text,",
                    "  `g` geometry NOT NULL /*!80003 SRID 0 */,",
                    "  PRIMARY KEY (`id`),",
                    "  UNIQUE KEY `uq` (`customer_id`,`id`),",
                    "  KEY `idx_customer` (`customer_id`),",
                    "  FULLTEXT KEY `ft` (`note`),",
                    "  SPATIAL KEY `sp` (`g`),",
                    "  CONSTRAINT `fk_c` FOREIGN KEY (`customer_id`) REFERENCES `customers` (`id`) ON DELETE CASCADE,",
                    "  CONSTRAINT `chk` CHECK ((`customer_id` > 0))",
                    ") ENGINE=InnoDB AUTO_INCREMENT=5 DEFAULT CHARSET=utf8mb4");

    @Test
    void keepsPrimaryKeyAndChecksDefersIndexesAndForeignKeys() {
        DeferredIndexes d = DeferredIndexes.split(DDL, "id");
        assertThat(d.createTable())
                .contains("PRIMARY KEY (`id`),")
                .contains("CONSTRAINT `chk` CHECK")
                .doesNotContain("KEY `idx_customer`")
                .doesNotContain("FOREIGN KEY")
                .doesNotContain("FULLTEXT");
        assertThat(d.indexes())
                .containsExactly(
                        "ADD UNIQUE KEY `uq` (`customer_id`,`id`)",
                        "ADD KEY `idx_customer` (`customer_id`)",
                        "ADD FULLTEXT KEY `ft` (`note`)",
                        "ADD SPATIAL KEY `sp` (`g`)");
        assertThat(d.foreignKeys())
                .containsExactly(
                        "ADD CONSTRAINT `fk_c` FOREIGN KEY (`customer_id`) REFERENCES `customers` (`id`) ON DELETE CASCADE");
    }

    @Test
    void lastLineBeforeTheClosingParenthesisLosesItsComma() {
        String ddl =
                String.join(
                        "\n",
                        "CREATE TABLE `t` (",
                        "  `id` int NOT NULL,",
                        "  `v` int,",
                        "  PRIMARY KEY (`id`),",
                        "  KEY `k` (`v`)",
                        ") ENGINE=InnoDB");
        assertThat(DeferredIndexes.split(ddl, null).createTable())
                .isEqualTo(
                        String.join(
                                "\n",
                                "CREATE TABLE `t` (",
                                "  `id` int NOT NULL,",
                                "  `v` int,",
                                "  PRIMARY KEY (`id`)",
                                ") ENGINE=InnoDB"));
    }

    @Test
    void keyOfTheAutoIncrementColumnStaysWhenThePrimaryKeyDoesNotStartWithIt() {
        String ddl =
                String.join(
                        "\n",
                        "CREATE TABLE `t` (",
                        "  `a` int NOT NULL,",
                        "  `id` int NOT NULL AUTO_INCREMENT,",
                        "  PRIMARY KEY (`a`,`id`),",
                        "  KEY `by_id` (`id`),",
                        "  KEY `other` (`a`)",
                        ") ENGINE=InnoDB");
        DeferredIndexes d = DeferredIndexes.split(ddl, "id");
        assertThat(d.createTable()).contains("KEY `by_id` (`id`)");
        assertThat(d.indexes()).containsExactly("ADD KEY `other` (`a`)");
    }

    @Test
    void tableWithoutPrimaryKey() {
        String ddl =
                String.join(
                        "\n",
                        "CREATE TABLE `t` (",
                        "  `v` int,",
                        "  KEY `k` (`v`)",
                        ") ENGINE=InnoDB");
        DeferredIndexes d = DeferredIndexes.split(ddl, null);
        assertThat(d.createTable())
                .isEqualTo(String.join("\n", "CREATE TABLE `t` (", "  `v` int", ") ENGINE=InnoDB"));
        assertThat(d.indexes()).containsExactly("ADD KEY `k` (`v`)");
    }
}
