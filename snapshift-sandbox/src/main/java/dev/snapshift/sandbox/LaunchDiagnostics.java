package dev.snapshift.sandbox;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns a failed server's output into something a user can act on. Pure functions. */
final class LaunchDiagnostics {
    private static final Pattern MISSING_LIBRARY =
            Pattern.compile("error while loading shared libraries: ([^:\\s]+)");

    /** Shared libraries the server builds need, and the Debian/Ubuntu package providing each. */
    private static final Map<String, String> DEBIAN_PACKAGES =
            Map.of(
                    "libaio.so.1", "libaio1",
                    "libnuma.so.1", "libnuma1",
                    "libncurses.so.5", "libncurses5",
                    "libtinfo.so.5", "libtinfo5",
                    "libcrypt.so.1", "libcrypt1");

    private LaunchDiagnostics() {}

    /** What to do about the failure shown in {@code output}, when it is recognised. */
    static Optional<String> hint(String output) {
        return missingLibrary(output).map(LaunchDiagnostics::installHint);
    }

    static Optional<String> missingLibrary(String output) {
        Matcher m = MISSING_LIBRARY.matcher(output);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static String installHint(String library) {
        String pkg = DEBIAN_PACKAGES.get(library);
        if (pkg == null) {
            return "The server binary needs the shared library "
                    + library
                    + ", which is not installed: install the"
                    + " Debian package that provides it (find it with: apt-file search "
                    + library
                    + ")";
        }
        String hint =
                "The server binary needs the shared library "
                        + library
                        + ", which is not installed: install the"
                        + " Debian package "
                        + pkg
                        + " (sudo apt-get install "
                        + pkg
                        + ")";
        return library.equals("libaio.so.1")
                ? hint
                        + "; on Debian 13 and Ubuntu 24.04 or later the package is libaio1t64 and may need a symlink"
                        + " libaio.so.1 -> libaio.so.1t64"
                : hint;
    }

    /** Whether the server failed only because another process took its port in the meantime. */
    static boolean portTaken(String output) {
        return output.contains("Address already in use");
    }
}
