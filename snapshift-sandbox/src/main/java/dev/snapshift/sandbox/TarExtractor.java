package dev.snapshift.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * Extracts an uncompressed tar stream (ustar, with GNU long names and pax path records): regular
 * files with their permission bits, directories, symbolic and hard links. Entries that would land
 * outside the target are refused.
 */
final class TarExtractor {
    private static final int BLOCK = 512;

    private TarExtractor() {}

    static void extract(InputStream in, Path target) throws IOException {
        byte[] header = new byte[BLOCK];
        String longName = null;
        while (readBlock(in, header)) {
            if (isZero(header)) {
                return;
            }
            char type = (char) header[156];
            long size = octal(header, 124, 12);
            String name = longName != null ? longName : name(header);
            longName = null;
            switch (type) {
                case 'L' ->
                        longName = trimNul(new String(readData(in, size), StandardCharsets.UTF_8));
                case 'x' ->
                        longName = paxPath(new String(readData(in, size), StandardCharsets.UTF_8));
                case 'g' -> readData(in, size);
                case '5' -> Files.createDirectories(resolve(target, name));
                case '2' -> symlink(target, name, string(header, 157, 100));
                case '1' -> hardLink(target, name, string(header, 157, 100));
                case '0', '\0' ->
                        writeFile(in, resolve(target, name), size, (int) octal(header, 100, 8));
                default -> readData(in, size); // devices, fifos: not part of a server distribution
            }
        }
    }

    private static void writeFile(InputStream in, Path file, long size, int mode)
            throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            copy(in, out, size);
        }
        skipPadding(in, size);
        Files.setPosixFilePermissions(file, permissions(mode));
    }

    private static void symlink(Path target, String name, String linkTarget) throws IOException {
        Path link = resolve(target, name);
        if (!link.getParent().resolve(linkTarget).normalize().startsWith(target)) {
            throw new IOException("tar entry " + name + " links outside the target: " + linkTarget);
        }
        Files.createDirectories(link.getParent());
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, Path.of(linkTarget));
    }

    private static void hardLink(Path target, String name, String linkTarget) throws IOException {
        Path link = resolve(target, name);
        Files.createDirectories(link.getParent());
        Files.copy(
                resolve(target, linkTarget),
                link,
                StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.COPY_ATTRIBUTES);
    }

    private static Path resolve(Path target, String name) throws IOException {
        Path p = target.resolve(name).normalize();
        if (!p.startsWith(target)) {
            throw new IOException("tar entry outside the target directory: " + name);
        }
        return p;
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits =
                PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE, highest bit first
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << (8 - i))) != 0) {
                out.add(bits[i]);
            }
        }
        out.add(PosixFilePermission.OWNER_READ);
        out.add(PosixFilePermission.OWNER_WRITE);
        return out;
    }

    private static String name(byte[] header) {
        String name = string(header, 0, 100);
        String prefix = string(header, 345, 155);
        boolean ustar = string(header, 257, 6).startsWith("ustar");
        return ustar && !prefix.isEmpty() ? prefix + "/" + name : name;
    }

    private static String paxPath(String records) {
        for (String record : records.split("\n")) {
            int space = record.indexOf(' ');
            if (space > 0 && record.startsWith("path=", space + 1)) {
                return record.substring(space + 1 + "path=".length());
            }
        }
        return null;
    }

    private static byte[] readData(InputStream in, long size) throws IOException {
        byte[] data = in.readNBytes((int) size);
        if (data.length != size) {
            throw new IOException("truncated tar archive");
        }
        skipPadding(in, size);
        return data;
    }

    private static void copy(InputStream in, OutputStream out, long size) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long left = size;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new IOException("truncated tar archive");
            }
            out.write(buf, 0, n);
            left -= n;
        }
    }

    private static void skipPadding(InputStream in, long size) throws IOException {
        long pad = (BLOCK - size % BLOCK) % BLOCK;
        if (in.readNBytes((int) pad).length != pad) {
            throw new IOException("truncated tar archive");
        }
    }

    private static boolean readBlock(InputStream in, byte[] block) throws IOException {
        int n = in.readNBytes(block, 0, BLOCK);
        if (n == 0) {
            return false;
        }
        if (n != BLOCK) {
            throw new IOException("truncated tar archive");
        }
        return true;
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static long octal(byte[] header, int offset, int length) {
        String s = string(header, offset, length).trim();
        return s.isEmpty() ? 0 : Long.parseLong(s, 8);
    }

    private static String string(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static String trimNul(String s) {
        int nul = s.indexOf('\0');
        return nul >= 0 ? s.substring(0, nul) : s;
    }
}
