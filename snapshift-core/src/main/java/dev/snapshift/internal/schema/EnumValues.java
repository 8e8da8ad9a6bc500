package dev.snapshift.internal.schema;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * ENUM and SET values whose text does not say what is stored. Pure; unit-tested as strings.
 *
 * <p>An ENUM column written under {@code sql_mode=''} may hold the empty "error value" (index 0),
 * which reads as {@code ''}. Loaded back as {@code ''} it fails under a strict mode (1265), or,
 * when the ENUM also declares a {@code ''} member, silently becomes that member. A string of digits
 * that is not a member is taken as an index, on MySQL 5.7, 8.0 and MariaDB alike, even under strict
 * modes and without a warning: so the error value is written as such a string ({@link
 * #errorValueText}), which stores index 0 exactly. Where the ENUM declares {@code ''} the text
 * cannot tell the two apart, and neither can a SET that declares {@code ''} (its text leaves that
 * member out); and an ENUM in ucs2 / utf16 / utf32 takes no digits without a warning (a strict
 * session refuses them): such rows are found by their numeric value inside the snapshot and set
 * right after the copy ({@link #setByKey}, {@code copy.AmbiguousValues}), the copy carrying a
 * member in their place meanwhile ({@link #placeholder}).
 */
public final class EnumValues {
    private EnumValues() {}

    public static boolean isEnum(ColumnInfo c) {
        return c.dataType().equalsIgnoreCase("enum");
    }

    public static boolean isSet(ColumnInfo c) {
        return c.dataType().equalsIgnoreCase("set");
    }

    /** The members of an ENUM or SET column, in order (index 1 first); empty for other columns. */
    public static List<String> members(ColumnInfo c) {
        if (!isEnum(c) && !isSet(c)) {
            return List.of();
        }
        return parse(c.columnType());
    }

    /**
     * Members of {@code enum('a','b''c')} as information_schema.COLUMNS.COLUMN_TYPE writes them.
     */
    static List<String> parse(String columnType) {
        List<String> out = new ArrayList<>();
        int i = columnType.indexOf('(');
        if (i < 0) {
            return out;
        }
        i++;
        while (i < columnType.length()) {
            char ch = columnType.charAt(i);
            if (ch == '\'') {
                StringBuilder m = new StringBuilder();
                i++;
                while (i < columnType.length()) {
                    char x = columnType.charAt(i);
                    if (x == '\''
                            && i + 1 < columnType.length()
                            && columnType.charAt(i + 1) == '\'') {
                        m.append('\'');
                        i += 2;
                    } else if (x == '\'') {
                        i++;
                        break;
                    } else if (x == '\\' && i + 1 < columnType.length()) {
                        m.append(columnType.charAt(i + 1));
                        i += 2;
                    } else {
                        m.append(x);
                        i++;
                    }
                }
                out.add(m.toString());
            } else if (ch == ')') {
                break;
            } else {
                i++;
            }
        }
        return out;
    }

    /** The column declares the member {@code ''}: its text {@code ''} is ambiguous. */
    public static boolean declaresEmpty(ColumnInfo c) {
        return members(c).contains("");
    }

    /**
     * Text that stores an ENUM's error value (index 0): a string of zeros that no member equals, or
     * null when the column is no ENUM or declares {@code ''} (its {@code ''} text is a member's).
     */
    public static String errorValueText(ColumnInfo c) {
        return !isEnum(c) || declaresEmpty(c) || !asciiBased(c) ? null : indexZeroText(c);
    }

    /**
     * What the copy writes for an empty value that is neither itself nor digits: the first member
     * of an ENUM in ucs2 / utf16 / utf32 that does not declare {@code ''} (its rows holding the
     * error value are set by key after the copy); null otherwise.
     */
    public static String placeholder(ColumnInfo c) {
        return isEnum(c) && !declaresEmpty(c) && !asciiBased(c) && !members(c).isEmpty()
                ? members(c).get(0)
                : null;
    }

    /**
     * Rows of this column whose value the copy cannot carry as text: they are set by key after the
     * copy.
     */
    public static boolean setByKey(ColumnInfo c) {
        return ((isEnum(c) || isSet(c)) && declaresEmpty(c)) || (isEnum(c) && !asciiBased(c));
    }

    /** Digits are one byte each in the column's character set (not ucs2, utf16, utf16le, utf32). */
    static boolean asciiBased(ColumnInfo c) {
        String cs = c.charset() == null ? "" : c.charset().toLowerCase(Locale.ROOT);
        return !(cs.equals("ucs2") || cs.startsWith("utf16") || cs.equals("utf32"));
    }

    /** Digits that store an ENUM's index 0: a string of zeros that no member equals. */
    public static String indexZeroText(ColumnInfo c) {
        List<String> folded = members(c).stream().map(EnumValues::fold).toList();
        String zeros = "0";
        while (folded.contains(zeros)) {
            zeros += "0";
        }
        return zeros;
    }

    /**
     * How a collation might compare a member with digits: compatibility forms folded, case and
     * spaces ignored.
     */
    private static String fold(String member) {
        return Normalizer.normalize(member, Normalizer.Form.NFKC).strip().toLowerCase(Locale.ROOT);
    }

    /**
     * The 1-based position of a SET's {@code ''} member (its bit is {@code 1 << (position - 1)}),
     * or 0.
     */
    public static int emptyMemberPosition(ColumnInfo c) {
        return isSet(c) ? members(c).indexOf("") + 1 : 0;
    }
}
