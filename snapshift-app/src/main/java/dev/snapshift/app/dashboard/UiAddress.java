package dev.snapshift.app.dashboard;

import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.SnapshiftException;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where the dashboard listens: {@code --ui [HOST:]PORT}. The host defaults to 127.0.0.1; port 0
 * picks a free port. IPv6 hosts are written in brackets: {@code [::1]:8421}.
 */
public record UiAddress(String host, int port) {
    public static final String DEFAULT_HOST = "127.0.0.1";

    public UiAddress {
        if (host == null || host.isBlank()) {
            throw usage("the host is empty");
        }
        if (port < 0 || port > 65535) {
            throw usage("the port must be between 0 and 65535, was " + port);
        }
    }

    public static UiAddress parse(String text) {
        if (text == null || text.isBlank()) {
            throw usage("expected [HOST:]PORT, e.g. 8421 or 127.0.0.1:8421");
        }
        String t = text.trim();
        String host = DEFAULT_HOST;
        String port = t;
        int colon = t.lastIndexOf(':');
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0 || close + 1 >= t.length() || t.charAt(close + 1) != ':') {
                throw usage("expected [IPV6]:PORT, was '" + text + "'");
            }
            host = t.substring(1, close);
            port = t.substring(close + 2);
        } else if (colon >= 0) {
            if (t.indexOf(':') != colon) {
                throw usage("write an IPv6 host in brackets, e.g. [::1]:8421; was '" + text + "'");
            }
            host = t.substring(0, colon);
            port = t.substring(colon + 1);
        }
        if (!port.matches("[0-9]{1,5}")) {
            throw usage("the port must be a number between 0 and 65535, was '" + port + "'");
        }
        return new UiAddress(host, Integer.parseInt(port));
    }

    /** Bound to a loopback address: no access token is needed. */
    public boolean loopback() {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static SnapshiftException usage(String why) {
        return new SnapshiftException(ErrorCode.USAGE, "--ui: " + why);
    }
}
