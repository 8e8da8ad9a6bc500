package dev.snapshift.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where and how to connect to one server. Parsed once from {@code
 * mysql://USER[:PASSWORD]@HOST[:PORT][?ssl-mode=MODE&ssl-ca=FILE]}. The password never appears in
 * {@link #toString()}.
 */
public record ConnectionSpec(
        String host, int port, String user, String password, SslMode sslMode, Path sslCa) {

    public static final int DEFAULT_PORT = 3306;

    public ConnectionSpec {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        password = password == null ? "" : password;
        sslMode =
                sslMode == null ? (sslCa == null ? SslMode.PREFERRED : SslMode.VERIFY_CA) : sslMode;
        if (port <= 0 || port > 65535) {
            throw new SnapshiftException(
                    ErrorCode.USAGE, "port " + port + " is out of range 1-65535");
        }
        if (sslCa != null && !Files.isReadable(sslCa)) {
            throw new SnapshiftException(
                    ErrorCode.USAGE, "ssl-ca file " + sslCa + " cannot be read");
        }
        if (sslCa != null && (sslMode == SslMode.DISABLED)) {
            throw new SnapshiftException(
                    ErrorCode.USAGE, "ssl-ca was given with ssl-mode=DISABLED: drop one of them");
        }
    }

    /**
     * Parses a connection URL. {@code fallbackPassword} (from an environment variable, say) is used
     * when the URL carries no password.
     */
    public static ConnectionSpec parse(String role, String url, String fallbackPassword) {
        if (url == null || url.isBlank()) {
            throw new SnapshiftException(
                    ErrorCode.USAGE,
                    "--" + role + " is required: mysql://USER[:PASSWORD]@HOST[:PORT]");
        }
        requireWellFormed(role, url.trim());
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new SnapshiftException(
                    ErrorCode.USAGE,
                    "--"
                            + role
                            + " is not a valid URL ("
                            + e.getReason()
                            + "); expected mysql://USER[:PASSWORD]@HOST[:PORT]; percent-encode special characters in the password");
        }
        if (!"mysql".equalsIgnoreCase(uri.getScheme())) {
            throw new SnapshiftException(
                    ErrorCode.USAGE, "--" + role + " must start with mysql://");
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            throw new SnapshiftException(
                    ErrorCode.USAGE,
                    "--" + role + " has no host: mysql://USER[:PASSWORD]@HOST[:PORT]");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        String userInfo = uri.getRawUserInfo();
        if (userInfo == null || userInfo.isEmpty()) {
            throw new SnapshiftException(
                    ErrorCode.USAGE,
                    "--" + role + " has no user: mysql://USER[:PASSWORD]@HOST[:PORT]");
        }
        int colon = userInfo.indexOf(':');
        String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
        String password = colon < 0 ? fallbackPassword : decode(userInfo.substring(colon + 1));
        SslMode mode = null;
        Path ca = null;
        String query = uri.getRawQuery();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                switch (key) {
                    case "ssl-mode", "sslMode", "ssl_mode" -> mode = SslMode.parse(value);
                    case "ssl-ca", "sslCa", "ssl_ca" -> ca = Path.of(value);
                    default ->
                            throw new SnapshiftException(
                                    ErrorCode.USAGE,
                                    "--"
                                            + role
                                            + ": unknown option '"
                                            + key
                                            + "'; supported: ssl-mode, ssl-ca");
                }
            }
        }
        return new ConnectionSpec(
                host, uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort(), user, password, mode, ca);
    }

    /**
     * How to write a password with special characters in a URL: the same words in errors and in
     * --help.
     */
    public static final String ENCODE_ADVICE =
            "percent-encode @ as %40 and # as %23 in the password (also / as %2F, ? as %3F,"
                    + " % as %25)";

    /**
     * The mistakes {@link URI} would only report as "no host": characters of a password that end
     * the user part early (an unencoded {@code @} or {@code #}, say) and a port that is not a
     * number. Pure; throws a usage error naming what is wrong and how to write it instead.
     */
    static void requireWellFormed(String role, String url) {
        int scheme = url.indexOf("://");
        if (scheme < 0) {
            return; // the scheme check says what is wrong
        }
        String rest = url.substring(scheme + 3);
        if (rest.indexOf('#') >= 0) {
            throw new SnapshiftException(
                    ErrorCode.USAGE,
                    "--" + role + " contains '#', which ends a URL: " + ENCODE_ADVICE);
        }
        int end = rest.length();
        for (char c : new char[] {'/', '?'}) {
            int i = rest.indexOf(c);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        String authority = rest.substring(0, end);
        int at = authority.lastIndexOf('@');
        if (at >= 0 && authority.indexOf('@') != at) {
            throw new SnapshiftException(
                    ErrorCode.USAGE,
                    "--" + role + " has more than one '@' before the host: " + ENCODE_ADVICE);
        }
        if (at < 0 && end < rest.length() && rest.indexOf('@', end) >= 0) {
            throw new SnapshiftException(
                    ErrorCode.USAGE,
                    "--"
                            + role
                            + " has a '"
                            + rest.charAt(end)
                            + "' before its '@': "
                            + ENCODE_ADVICE);
        }
        String hostPort = authority.substring(at + 1);
        int colon =
                hostPort.startsWith("[")
                        ? hostPort.indexOf(':', Math.max(0, hostPort.indexOf(']')))
                        : hostPort.indexOf(':');
        if (colon >= 0) {
            String port = hostPort.substring(colon + 1);
            if (!port.isEmpty() && !port.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
                throw new SnapshiftException(
                        ErrorCode.USAGE,
                        "--"
                                + role
                                + ": port '"
                                + port
                                + "' is not a number;"
                                + " write mysql://USER[:PASSWORD]@HOST[:PORT] with PORT like 3306");
            }
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** host:port, for messages. */
    public String address() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** The URL without the password, safe for logs and reports. */
    public String redacted() {
        StringBuilder sb = new StringBuilder("mysql://").append(user);
        if (!password.isEmpty()) {
            sb.append(":***");
        }
        sb.append('@').append(address()).append("?ssl-mode=").append(sslMode);
        if (sslCa != null) {
            sb.append("&ssl-ca=").append(sslCa);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return redacted();
    }
}
