package dev.snapshift.api;

import java.util.Locale;

/** TLS modes, named as MySQL clients name them ({@code --ssl-mode}). */
public enum SslMode {
    DISABLED,
    PREFERRED,
    REQUIRED,
    VERIFY_CA,
    VERIFY_IDENTITY;

    public static SslMode parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (SslMode m : values()) {
            if (m.name().equals(t)) {
                return m;
            }
        }
        throw new SnapshiftException(
                ErrorCode.USAGE,
                "unknown ssl-mode '"
                        + text
                        + "': use one of DISABLED, PREFERRED, REQUIRED, VERIFY_CA, VERIFY_IDENTITY");
    }
}
