package dev.snapshift.internal.catchup;

import java.io.Serializable;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * Exact text of the temporal values of a row event, decoded from their binary log formats as the
 * server does ({@code my_time_packed_from_binary}, {@code my_datetime_packed_from_binary}, ...), so
 * that zero dates, partial dates ({@code 2020-00-00}), negative and long TIME values and fractional
 * seconds reach the target unchanged. The binlog client's own decoding goes through epoch
 * milliseconds and loses all of those. Pure; unit-tested on bytes.
 */
final class TemporalValues {
    private static final long DATETIMEF_INT_OFS = 0x8000000000L;
    private static final long TIMEF_INT_OFS = 0x800000L;
    private static final long TIMEF_OFS = 0x800000000000L;

    private TemporalValues() {}

    /**
     * A temporal value as the server writes it ({@code 2024-02-29 13:05:01.120000}); a TIMESTAMP in
     * UTC.
     */
    record Text(String value) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** DATE: 3 bytes little-endian, day in bits 0-4, month 5-8, year from bit 9. */
    static Text date(byte[] b) {
        int v = (b[0] & 0xFF) | (b[1] & 0xFF) << 8 | (b[2] & 0xFF) << 16;
        return new Text(ymd(v >> 9, (v >> 5) & 15, v & 31));
    }

    /** DATETIME2: 5 bytes big-endian packed, then {@code (fsp + 1) / 2} bytes of fraction. */
    static Text datetime2(byte[] b, int fsp) {
        long intPart = bigEndian(b, 0, 5) - DATETIMEF_INT_OFS;
        long frac =
                switch (fsp) {
                    case 1, 2 -> ((byte) b[5]) * 10_000L;
                    case 3, 4 -> ((short) bigEndian(b, 5, 2)) * 100L;
                    case 5, 6 -> signed24(bigEndian(b, 5, 3));
                    default -> 0;
                };
        long packed = (intPart << 24) + frac;
        boolean negative = packed < 0;
        long tmp = Math.abs(packed);
        long micros = tmp % (1L << 24);
        long ymdhms = tmp >> 24;
        long ymd = ymdhms >> 17;
        long ym = ymd >> 5;
        long hms = ymdhms % (1 << 17);
        String text =
                ymd((int) (ym / 13), (int) (ym % 13), (int) (ymd % (1 << 5)))
                        + " "
                        + hms(
                                (int) (hms >> 12),
                                (int) ((hms >> 6) % (1 << 6)),
                                (int) (hms % (1 << 6)))
                        + fraction(micros, fsp);
        return new Text(negative ? "-" + text : text);
    }

    /**
     * TIME2: 3 bytes big-endian packed, then the fraction, as {@code my_time_packed_from_binary}.
     */
    static Text time2(byte[] b, int fsp) {
        long packed;
        switch (fsp) {
            case 1, 2 -> {
                long intPart = bigEndian(b, 0, 3) - TIMEF_INT_OFS;
                int frac = b[3] & 0xFF;
                if (intPart < 0 && frac != 0) {
                    intPart++;
                    frac -= 0x100;
                }
                packed = (intPart << 24) + frac * 10_000L;
            }
            case 3, 4 -> {
                long intPart = bigEndian(b, 0, 3) - TIMEF_INT_OFS;
                int frac = (int) bigEndian(b, 3, 2);
                if (intPart < 0 && frac != 0) {
                    intPart++;
                    frac -= 0x10000;
                }
                packed = (intPart << 24) + frac * 100L;
            }
            case 5, 6 -> packed = bigEndian(b, 0, 6) - TIMEF_OFS;
            default -> packed = (bigEndian(b, 0, 3) - TIMEF_INT_OFS) << 24;
        }
        boolean negative = packed < 0;
        long tmp = Math.abs(packed);
        long hms = tmp >> 24;
        long micros = tmp % (1L << 24);
        String text =
                hms(
                                (int) ((hms >> 12) % (1 << 10)),
                                (int) ((hms >> 6) % (1 << 6)),
                                (int) (hms % (1 << 6)))
                        + fraction(micros, fsp);
        return new Text(negative ? "-" + text : text);
    }

    /**
     * TIMESTAMP2: 4 bytes big-endian seconds since the epoch, then the fraction; 0 is the zero
     * date.
     */
    static Text timestamp2(byte[] b, int fsp) {
        long seconds = bigEndian(b, 0, 4);
        long micros =
                switch (fsp) {
                    case 1, 2 -> (b[4] & 0xFF) * 10_000L;
                    case 3, 4 -> bigEndian(b, 4, 2) * 100L;
                    case 5, 6 -> bigEndian(b, 4, 3);
                    default -> 0;
                };
        return timestamp(seconds, micros, fsp);
    }

    /** The old TIMESTAMP: 4 bytes little-endian seconds. */
    static Text timestamp(long seconds) {
        return timestamp(seconds, 0, 0);
    }

    private static Text timestamp(long seconds, long micros, int fsp) {
        if (seconds == 0) {
            return new Text("0000-00-00 00:00:00" + fraction(micros, fsp));
        }
        LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        return new Text(
                ymd(t.getYear(), t.getMonthValue(), t.getDayOfMonth())
                        + " "
                        + hms(t.getHour(), t.getMinute(), t.getSecond())
                        + fraction(micros, fsp));
    }

    /** The old DATETIME: 8 bytes little-endian, the number YYYYMMDDhhmmss. */
    static Text datetime(long v) {
        long date = v / 1_000_000;
        long time = v % 1_000_000;
        return new Text(
                ymd((int) (date / 10_000), (int) (date / 100 % 100), (int) (date % 100))
                        + " "
                        + hms((int) (time / 10_000), (int) (time / 100 % 100), (int) (time % 100)));
    }

    /** The old TIME: 3 bytes little-endian, signed, the number [-]HHMMSS. */
    static Text time(int v) {
        int signed = (v << 8) >> 8;
        int a = Math.abs(signed);
        String text = hms(a / 10_000, a / 100 % 100, a % 100);
        return new Text(signed < 0 ? "-" + text : text);
    }

    /** YEAR: one byte, 0 for the zero year, else years after 1900. */
    static int year(int b) {
        return b == 0 ? 0 : 1900 + b;
    }

    private static String ymd(int y, int m, int d) {
        return String.format(Locale.ROOT, "%04d-%02d-%02d", y, m, d);
    }

    private static String hms(int h, int m, int s) {
        return String.format(Locale.ROOT, "%02d:%02d:%02d", h, m, s);
    }

    /** {@code .123456} cut to {@code fsp} digits; empty for fsp 0. */
    static String fraction(long micros, int fsp) {
        if (fsp <= 0) {
            return "";
        }
        String six = String.format(Locale.ROOT, "%06d", micros);
        return "." + six.substring(0, Math.min(6, fsp));
    }

    static long bigEndian(byte[] b, int offset, int length) {
        long v = 0;
        for (int i = 0; i < length; i++) {
            v = (v << 8) | (b[offset + i] & 0xFF);
        }
        return v;
    }

    private static long signed24(long v) {
        return (v & 0x800000) != 0 ? v - 0x1000000 : v;
    }

    /** Bytes of the fraction of a TIME2 / DATETIME2 / TIMESTAMP2 value of precision {@code fsp}. */
    static int fractionBytes(int fsp) {
        return (fsp + 1) / 2;
    }
}
