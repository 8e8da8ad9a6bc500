package dev.snapshift.internal.schema;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * MySQL character set names to Java's, where bytes must be made or shown in a column's or a
 * client's character set. Pure. MySQL's {@code latin1} is Windows-1252, not ISO-8859-1.
 */
public final class Charsets {
    private static final Map<String, String> JAVA =
            Map.ofEntries(
                    Map.entry("latin1", "windows-1252"),
                    Map.entry("utf8", "UTF-8"),
                    Map.entry("utf8mb3", "UTF-8"),
                    Map.entry("utf8mb4", "UTF-8"),
                    Map.entry("ascii", "US-ASCII"),
                    Map.entry("binary", "ISO-8859-1"),
                    Map.entry("ucs2", "UTF-16BE"),
                    Map.entry("utf16", "UTF-16BE"),
                    Map.entry("utf16le", "UTF-16LE"),
                    Map.entry("utf32", "UTF-32BE"),
                    Map.entry("latin2", "ISO-8859-2"),
                    Map.entry("latin5", "ISO-8859-9"),
                    Map.entry("latin7", "ISO-8859-13"),
                    Map.entry("greek", "ISO-8859-7"),
                    Map.entry("hebrew", "ISO-8859-8"),
                    Map.entry("cp1250", "windows-1250"),
                    Map.entry("cp1251", "windows-1251"),
                    Map.entry("cp1256", "windows-1256"),
                    Map.entry("cp1257", "windows-1257"),
                    Map.entry("cp850", "IBM850"),
                    Map.entry("cp852", "IBM852"),
                    Map.entry("cp866", "IBM866"),
                    Map.entry("koi8r", "KOI8-R"),
                    Map.entry("koi8u", "KOI8-U"),
                    Map.entry("gbk", "GBK"),
                    Map.entry("gb2312", "GB2312"),
                    Map.entry("gb18030", "GB18030"),
                    Map.entry("big5", "Big5"),
                    Map.entry("sjis", "Shift_JIS"),
                    Map.entry("cp932", "windows-31j"),
                    Map.entry("ujis", "EUC-JP"),
                    Map.entry("eucjpms", "EUC-JP"),
                    Map.entry("euckr", "EUC-KR"),
                    Map.entry("tis620", "TIS-620"),
                    Map.entry("macroman", "x-MacRoman"),
                    Map.entry("macce", "x-MacCentralEurope"));

    private Charsets() {}

    /**
     * The Java charset of a MySQL character set, or null when Java has none (or the name is null).
     */
    public static Charset java(String mysqlCharset) {
        if (mysqlCharset == null) {
            return null;
        }
        String name = JAVA.get(mysqlCharset.toLowerCase(Locale.ROOT));
        try {
            return name == null ? null : Charset.forName(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * {@code text} in the MySQL character set, or ASCII bytes when Java does not know it
     * (ASCII-based sets agree).
     */
    public static byte[] encode(String text, String mysqlCharset) {
        Charset cs = java(mysqlCharset);
        return text.getBytes(cs == null ? StandardCharsets.US_ASCII : cs);
    }

    /**
     * The same name on either side of the 8.0 rename: MySQL 5.7 says {@code utf8} / {@code
     * utf8_general_ci} where 8.0 says {@code utf8mb3} / {@code utf8mb3_general_ci}.
     */
    public static String canonical(String charsetOrCollation) {
        if (charsetOrCollation == null) {
            return null;
        }
        String s = charsetOrCollation.toLowerCase(Locale.ROOT);
        if (s.equals("utf8") || s.startsWith("utf8_")) {
            return "utf8mb3" + s.substring(4);
        }
        return s;
    }
}
