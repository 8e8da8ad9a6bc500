package dev.snapshift.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class RowRateConverterTest {
    private final RowRateConverter converter = new RowRateConverter();

    @Test
    void plainNumbersAndSuffixes() {
        assertThat(converter.convert("20000")).isEqualTo(20_000L);
        assertThat(converter.convert("20k")).isEqualTo(20_000L);
        assertThat(converter.convert(" 2M ")).isEqualTo(2_000_000L);
        assertThat(converter.convert("0")).isZero();
    }

    @Test
    void anythingElseIsAClearError() {
        for (String bad : new String[] {"", "fast", "-5", "1.5k", "20 rows"}) {
            assertThatThrownBy(() -> converter.convert(bad))
                    .as(bad)
                    .isInstanceOf(TypeConversionException.class)
                    .hasMessageContaining("rows per second");
        }
    }
}
