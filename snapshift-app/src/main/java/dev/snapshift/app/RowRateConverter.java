package dev.snapshift.app;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code 20000}, {@code 20k}, {@code 1m}: rows per second for {@code --max-rate}. */
final class RowRateConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (v.endsWith("k")) {
            unit = 1_000;
            v = v.substring(0, v.length() - 1);
        } else if (v.endsWith("m")) {
            unit = 1_000_000;
            v = v.substring(0, v.length() - 1);
        }
        if (!v.matches("[0-9]{1,12}")) {
            throw new TypeConversionException(
                    "'"
                            + value
                            + "' is not a number of rows per second (e.g. 20000, 20k, 1m; 0: no limit)");
        }
        return Long.parseLong(v) * unit;
    }
}
