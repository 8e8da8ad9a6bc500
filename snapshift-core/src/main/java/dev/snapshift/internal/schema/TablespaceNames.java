package dev.snapshift.internal.schema;

import java.util.Set;

/**
 * InnoDB's names of file-per-table tablespaces ({@code db/table}, a partition's {@code
 * db/table#p#p0}). MySQL 5.7 and MariaDB write them in the filename character set: letters, digits
 * and underscore as they are, any other ASCII character as {@code @} and four hex digits ({@code
 * my-db}: {@code my@002ddb}); other characters have codes of their own, not handled here.
 */
final class TablespaceNames {
    private TablespaceNames() {}

    /** The name from the filename character set; null when it holds a code not handled here. */
    static String decode(String encoded) {
        StringBuilder out = new StringBuilder(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c != '@') {
                out.append(c);
                continue;
            }
            if (i + 5 > encoded.length()) {
                return null;
            }
            int code;
            try {
                code = Integer.parseInt(encoded.substring(i + 1, i + 5), 16);
            } catch (NumberFormatException e) {
                return null;
            }
            if (code >= 0x80 || safe((char) code)) {
                return null; // the filename character set's own codes, beyond ASCII
            }
            out.append((char) code);
            i += 4;
        }
        return out.toString();
    }

    /**
     * Which of {@code tables} a tablespace named {@code name} (the part after {@code db/}) belongs
     * to: the table of that name, or the one whose partition it is ({@code #p#} or {@code #P#}
     * after the table's name); null when none.
     */
    static String table(String name, Set<String> tables) {
        if (name == null) {
            return null;
        }
        if (tables.contains(name)) {
            return name;
        }
        for (int i = name.indexOf('#'); i >= 0; i = name.indexOf('#', i + 1)) {
            if (name.regionMatches(true, i, "#p#", 0, 3) && tables.contains(name.substring(0, i))) {
                return name.substring(0, i);
            }
        }
        return null;
    }

    private static boolean safe(char c) {
        return (c >= '0' && c <= '9')
                || (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || c == '_';
    }
}
