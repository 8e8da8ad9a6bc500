package dev.snapshift.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class TablespaceNamesTest {
    @Test
    void asciiNamesAreDecodedAsMySqlAndMariaDbNameTheirFiles() {
        // as 5.7.22 and MariaDB 11.4 list them in INNODB_SYS_TABLESPACES
        assertThat(TablespaceNames.decode("my@002ddb@002ex")).isEqualTo("my-db.x");
        assertThat(TablespaceNames.decode("a@0020b@0023c_d")).isEqualTo("a b#c_d");
        assertThat(TablespaceNames.decode("Plain_1")).isEqualTo("Plain_1");
        assertThat(TablespaceNames.decode("@00e9")).as("beyond ASCII: its own code").isNull();
        assertThat(TablespaceNames.decode("a@0020b@0023c_d#P#p0")).isEqualTo("a b#c_d#P#p0");
        assertThat(TablespaceNames.decode("@0J@00a9")).isNull();
        assertThat(TablespaceNames.decode("@0p")).isNull();
        assertThat(TablespaceNames.decode("x@00")).isNull();
    }

    @Test
    void aPartitionBelongsToItsTableEvenWhenTheNameHoldsAHash() {
        Set<String> tables = Set.of("a b#c_d", "t", "t#p#x");
        assertThat(TablespaceNames.table("t", tables)).isEqualTo("t");
        assertThat(TablespaceNames.table("t#p#p0", tables)).isEqualTo("t");
        assertThat(TablespaceNames.table("t#P#p1#SP#p1sp0", tables)).isEqualTo("t");
        assertThat(TablespaceNames.table("t#p#x", tables)).isEqualTo("t#p#x");
        assertThat(TablespaceNames.table("a b#c_d#p#p1", tables)).isEqualTo("a b#c_d");
        assertThat(TablespaceNames.table("fts_0000000000000437_config", tables)).isNull();
        assertThat(TablespaceNames.table(null, tables)).isNull();
    }
}
