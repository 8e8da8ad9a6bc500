package dev.snapshift.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on 127.0.0.1 between snapshift and a server, for network faults on one chosen
 * connection: {@link #reset} closes it with a TCP reset, {@link #freeze} stops forwarding its bytes
 * (a silent network partition).
 */
final class TcpProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int upstreamPort;
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    private final class Link {
        final Socket client;
        final Socket upstream;
        volatile boolean frozen;

        Link(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
            pump(client, upstream);
            pump(upstream, client);
        }

        private void pump(Socket from, Socket to) {
            Thread t =
                    new Thread(
                            () -> {
                                byte[] buf = new byte[64 * 1024];
                                try (InputStream in = from.getInputStream();
                                        OutputStream out = to.getOutputStream()) {
                                    int n;
                                    while ((n = in.read(buf)) >= 0) {
                                        while (frozen) {
                                            Thread.sleep(50);
                                        }
                                        out.write(buf, 0, n);
                                        out.flush();
                                    }
                                } catch (IOException | InterruptedException e) {
                                    // link closed
                                } finally {
                                    closeQuietly(to);
                                    closeQuietly(from);
                                }
                            },
                            "proxy-pump");
            t.setDaemon(true);
            t.start();
        }

        void reset() {
            try {
                client.setSoLinger(true, 0);
            } catch (IOException ignored) {
                // closing anyway
            }
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }

    TcpProxy(int upstreamPort) throws IOException {
        this.upstreamPort = upstreamPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor =
                new Thread(
                        () -> {
                            while (!listener.isClosed()) {
                                try {
                                    Socket client = listener.accept();
                                    links.add(
                                            new Link(
                                                    client,
                                                    new Socket(
                                                            InetAddress.getLoopbackAddress(),
                                                            this.upstreamPort)));
                                } catch (IOException e) {
                                    return;
                                }
                            }
                        },
                        "proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Connections accepted so far, in order. */
    int accepted() {
        return links.size();
    }

    void reset(int index) {
        links.get(index).reset();
    }

    void freeze(int index) {
        links.get(index).frozen = true;
    }

    /**
     * The link of the connection snapshift opened with {@code snapshift_role} = {@code role}, found
     * by the server's view of it (its client port is this proxy's upstream port): sessions open in
     * parallel, so the order of connections says nothing about which session is which.
     */
    private Link byRole(dev.snapshift.sandbox.SandboxServer server, String role)
            throws java.sql.SQLException {
        long id = Killer.byRole(server, role);
        String host;
        try (java.sql.Connection c = server.connect();
                java.sql.Statement st = c.createStatement();
                java.sql.ResultSet rs =
                        st.executeQuery(
                                "SELECT HOST FROM information_schema.PROCESSLIST WHERE ID = "
                                        + id)) {
            if (!rs.next()) {
                throw new IllegalStateException("connection " + id + " (" + role + ") is gone");
            }
            host = rs.getString(1);
        }
        int port = Integer.parseInt(host.substring(host.lastIndexOf(':') + 1));
        return links.stream()
                .filter(l -> l.upstream.getLocalPort() == port)
                .findFirst()
                .orElseThrow(
                        () ->
                                new IllegalStateException(
                                        role + " (" + host + ") does not go through this proxy"));
    }

    /** Resets the connection of snapshift's {@code role} (e.g. {@code source-session-1}). */
    void reset(dev.snapshift.sandbox.SandboxServer server, String role)
            throws java.sql.SQLException {
        byRole(server, role).reset();
    }

    /** Freezes the connection of snapshift's {@code role}: bytes stop flowing both ways. */
    void freeze(dev.snapshift.sandbox.SandboxServer server, String role)
            throws java.sql.SQLException {
        byRole(server, role).frozen = true;
    }

    @Override
    public void close() throws IOException {
        listener.close();
        links.forEach(Link::reset);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
