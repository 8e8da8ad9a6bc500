package dev.snapshift.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Picks a TCP port on 127.0.0.1 that is free right now (a race remains; callers retry on
 * collision).
 */
final class FreePorts {
    private FreePorts() {}

    /** Whether {@code port} on 127.0.0.1 can be listened on right now. */
    static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Why a chosen port cannot be used, in words that say what to do. */
    static String inUse(int port) {
        return "port "
                + port
                + " is already in use on 127.0.0.1: stop what listens there, choose another port, or give"
                + " port 0 for a free one";
    }

    static int pick() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on 127.0.0.1", e);
        }
    }
}
