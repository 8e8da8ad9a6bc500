package dev.snapshift.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ByteSizeConverterTest {
    private final ByteSizeConverter convert = new ByteSizeConverter();

    @Test
    void binaryUnits() {
        assertThat(convert.convert("65536")).isEqualTo(65536L);
        assertThat(convert.convert("512K")).isEqualTo(512L << 10);
        assertThat(convert.convert("32M")).isEqualTo(32L << 20);
        assertThat(convert.convert("32MiB")).isEqualTo(32L << 20);
        assertThat(convert.convert(" 1g ")).isEqualTo(1L << 30);
    }

    @Test
    void nonsenseIsRefusedWithAnExample() {
        assertThatThrownBy(() -> convert.convert("lots"))
                .isInstanceOf(CommandLine.TypeConversionException.class)
                .hasMessageContaining("32M");
        assertThatThrownBy(() -> convert.convert("-1M"))
                .isInstanceOf(CommandLine.TypeConversionException.class);
        assertThatThrownBy(() -> convert.convert("99999999999999999999G"))
                .isInstanceOf(CommandLine.TypeConversionException.class)
                .hasMessageContaining("too large");
        assertThatThrownBy(() -> convert.convert("9999999999999G"))
                .isInstanceOf(CommandLine.TypeConversionException.class);
    }
}
