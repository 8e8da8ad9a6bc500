package dev.snapshift.internal.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapshift.internal.copy.PageRange;
import dev.snapshift.internal.plan.Chunk;
import dev.snapshift.internal.schema.ColumnInfo;
import dev.snapshift.internal.schema.TableInfo;
import dev.snapshift.internal.schema.ValueKind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DigestSqlTest {
    static ColumnInfo col(String name, String type, String columnType, String charset) {
        return new ColumnInfo(
                name,
                type,
                columnType,
                charset,
                charset == null ? null : charset + "_general_ci",
                false,
                ValueKind.of(type, charset));
    }

    static final ColumnInfo ID = col("id", "int", "int", null);

    @Test
    void eachTypeIsEncodedByItsExactStoredValue() {
        // strings and binary: their bytes, never compared under a collation
        assertThat(DigestSql.encode(col("c", "char", "char(5)", "utf8mb4"))).isEqualTo("HEX(`c`)");
        assertThat(DigestSql.encode(col("v", "varchar", "varchar(5)", "latin1")))
                .isEqualTo("HEX(`v`)");
        assertThat(DigestSql.encode(col("b", "varbinary", "varbinary(9)", null)))
                .isEqualTo("HEX(`b`)");
        assertThat(DigestSql.encode(col("g", "geometry", "geometry", null))).isEqualTo("HEX(`g`)");
        assertThat(DigestSql.encode(col("j", "json", "json", null))).isEqualTo("HEX(`j`)");
        assertThat(DigestSql.encode(col("u", "uuid", "uuid", null))).isEqualTo("HEX(`u`)");
        // numbers: their exact text; floating point through a product, which keeps -0
        assertThat(DigestSql.encode(col("i", "bigint", "bigint unsigned", null))).isEqualTo("`i`");
        assertThat(DigestSql.encode(col("d", "decimal", "decimal(65,30)", null))).isEqualTo("`d`");
        assertThat(DigestSql.encode(col("f", "float", "float", null))).isEqualTo("(`f` * 1e0)");
        assertThat(DigestSql.encode(col("d", "double", "double", null))).isEqualTo("(`d` * 1e0)");
        // temporal: text, in the session's UTC
        assertThat(DigestSql.encode(col("t", "timestamp", "timestamp(6)", null))).isEqualTo("`t`");
        // by the number stored: BIT, ENUM (its error value is 0), SET
        assertThat(DigestSql.encode(col("b", "bit", "bit(10)", null))).isEqualTo("(`b` + 0)");
        assertThat(DigestSql.encode(col("e", "enum", "enum('','a')", "utf8mb4")))
                .isEqualTo("(`e` + 0)");
        assertThat(DigestSql.encode(col("s", "set", "set('x','y')", "utf8mb4")))
                .isEqualTo("(`s` + 0)");
    }

    @Test
    void nullIsNotTheEmptyString() {
        assertThat(DigestSql.rowText(List.of(ID, col("v", "varchar", "varchar(5)", "utf8mb4"))))
                .isEqualTo("CONCAT_WS(',', IFNULL(`id`, 'n'), IFNULL(HEX(`v`), 'n'))");
    }

    static final TableInfo T =
            new TableInfo(
                    "shop",
                    "orders",
                    "InnoDB",
                    1,
                    1,
                    List.of(ID, col("v", "varchar", "varchar(5)", "utf8mb4")),
                    List.of(ID),
                    "PRIMARY");

    @Test
    void aRangeDigestIsItsRowCountAndAnExactSumOf64BitRowHashes() {
        Chunk chunk = new Chunk(T, 0, 1, Chunk.Mode.RANGE, "1", "100", 10);
        PageRange page =
                PageRange.of(chunk, null, new byte[][] {"10".getBytes(StandardCharsets.US_ASCII)});
        assertThat(DigestSql.digest(page, T.columns()))
                .isEqualTo(
                        "SELECT COUNT(*), COALESCE(SUM(CAST(CONV(LEFT(MD5(CONCAT_WS(',', IFNULL(`id`, 'n'),"
                                + " IFNULL(HEX(`v`), 'n'))), 16), 16, 10) AS UNSIGNED)), 0) FROM `shop`.`orders`"
                                + " WHERE ((`id` >= 1)) AND ((`id` <= 10))");
    }

    @Test
    void rowHashesAreMatchedByKeyAndNamedInAReadableForm() {
        assertThat(DigestSql.rowHashes(PageRange.whole(T), T.columns(), T.key()))
                .isEqualTo(
                        "SELECT CONCAT_WS(',', IFNULL(`id`, 'n')), LEFT(MD5(CONCAT_WS(',', IFNULL(`id`, 'n'),"
                                + " IFNULL(HEX(`v`), 'n'))), 16), `id` FROM `shop`.`orders` ORDER BY `id`");
        TableInfo keyless =
                new TableInfo("shop", "log", "InnoDB", 1, 1, T.columns(), List.of(), null);
        assertThat(
                        DigestSql.rowHashes(
                                PageRange.whole(keyless), keyless.columns(), keyless.columns()))
                .startsWith("SELECT '', LEFT(MD5(")
                .endsWith(", `id`, CONVERT(`v` USING utf8mb4) FROM `shop`.`log`");
        assertThat(DigestSql.shown(col("b", "blob", "blob", null)))
                .isEqualTo("CONCAT('0x', HEX(`b`))");
        assertThat(DigestSql.shown(col("d", "double", "double", null))).isEqualTo("(`d` * 1e0)");
    }
}
