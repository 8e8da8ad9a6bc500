package dev.snapshift.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TargetSchemaTest {
    @Test
    void theIndexNameOfAnAddClauseIsItsFirstQuotedIdentifier() {
        assertThat(TargetSchema.indexName("ADD KEY `idx_a` (`a`)")).isEqualTo("idx_a");
        assertThat(TargetSchema.indexName("ADD UNIQUE KEY `u``x` (`a`,`b`)")).isEqualTo("u`x");
        assertThat(TargetSchema.indexName("ADD FULLTEXT KEY `ft` (`body`)")).isEqualTo("ft");
        assertThat(TargetSchema.indexName("ADD KEY (`a`)")).isNull();
    }
}
