package dev.snapshift.internal.catchup;

import dev.snapshift.api.BinlogCoordinates;
import java.util.Objects;

/**
 * A point in the source's binary log: a file and a byte offset in it, where a transaction begins
 * (or the previous one ended). Files compare by their numeric suffix ({@code binlog.000009} before
 * {@code binlog.000010}), which is how the server numbers them.
 */
record BinlogPosition(String file, long position) implements Comparable<BinlogPosition> {
    BinlogPosition {
        Objects.requireNonNull(file, "file");
    }

    static BinlogPosition of(BinlogCoordinates c) {
        return new BinlogPosition(c.file(), c.position());
    }

    BinlogCoordinates coordinates(String gtid) {
        return new BinlogCoordinates(file, position, gtid == null ? "" : gtid);
    }

    /** The file's sequence number (the digits after the last dot), or -1 when it has none. */
    static long sequence(String file) {
        int dot = file.lastIndexOf('.');
        String digits = dot < 0 ? "" : file.substring(dot + 1);
        if (digits.isEmpty()
                || !digits.chars().allMatch(Character::isDigit)
                || digits.length() > 18) {
            return -1;
        }
        return Long.parseLong(digits);
    }

    @Override
    public int compareTo(BinlogPosition o) {
        int files = Long.compare(sequence(file), sequence(o.file));
        if (files == 0) {
            files = file.compareTo(o.file);
        }
        return files != 0 ? files : Long.compare(position, o.position);
    }

    boolean isBefore(BinlogPosition o) {
        return compareTo(o) < 0;
    }

    @Override
    public String toString() {
        return file + ":" + position;
    }
}
