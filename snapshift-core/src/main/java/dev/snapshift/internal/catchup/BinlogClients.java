package dev.snapshift.internal.catchup;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.LRUCache;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.FormatDescriptionEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.GtidEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.MariadbGtidEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.NullEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.RotateEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.XidEventDataDeserializer;
import com.github.shyiko.mysql.binlog.network.SSLMode;
import com.github.shyiko.mysql.binlog.network.SSLSocketFactory;
import dev.snapshift.api.ConnectionSpec;
import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.SnapshiftException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * Binary log clients for a source: the same account, address and TLS settings as its JDBC
 * connections, snapshift's own deserializers (exact values, UTF-8 names, compressed payloads
 * refused), no reconnection of their own (a lost connection is noticed and resumed from the last
 * whole transaction by {@link BinlogStream}) and a read timeout, so a frozen network ends in an
 * error.
 */
final class BinlogClients {
    /** The server sends a heartbeat when it has nothing to send for this long. */
    static final Duration HEARTBEAT = Duration.ofSeconds(2);

    /** Nothing, not even a heartbeat, for this long: the connection counts as lost. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    static {
        // the client logs through java.util.logging: its INFO lines would reach the terminal
        Logger.getLogger("com.github.shyiko.mysql.binlog").setLevel(Level.WARNING);
    }

    private BinlogClients() {}

    static BinaryLogClient create(ConnectionSpec spec, long serverId, BinlogPosition from) {
        BinaryLogClient c =
                new BinaryLogClient(spec.host(), spec.port(), spec.user(), spec.password());
        c.setServerId(serverId);
        c.setKeepAlive(false);
        c.setBlocking(true);
        c.setHeartbeatInterval(HEARTBEAT.toMillis());
        c.setConnectTimeout(10_000);
        c.setBinlogFilename(from.file());
        c.setBinlogPosition(from.position());
        c.setSocketFactory(
                () -> {
                    Socket s = new Socket();
                    s.setSoTimeout((int) READ_TIMEOUT.toMillis());
                    s.setKeepAlive(true);
                    return s;
                });
        c.setSSLMode(SSLMode.valueOf(spec.sslMode().name()));
        if (spec.sslCa() != null) {
            c.setSslSocketFactory(trusting(spec));
        }
        c.setEventDeserializer(deserializer());
        return c;
    }

    /** Deserializers for the events the catch-up reads; others keep no data. */
    static EventDeserializer deserializer() {
        Map<Long, TableMapEventData> tables = new LRUCache<>(100, 0.75f, 10_000);
        Map<EventType, EventDataDeserializer> d = new IdentityHashMap<>();
        d.put(EventType.FORMAT_DESCRIPTION, new FormatDescriptionEventDataDeserializer());
        d.put(EventType.ROTATE, new RotateEventDataDeserializer());
        d.put(EventType.QUERY, new BinlogEvents.QueryDeserializer());
        d.put(EventType.TABLE_MAP, new BinlogEvents.TableMapDeserializer());
        d.put(EventType.XID, new XidEventDataDeserializer());
        d.put(EventType.GTID, new GtidEventDataDeserializer());
        d.put(EventType.MARIADB_GTID, new MariadbGtidEventDataDeserializer());
        d.put(EventType.TRANSACTION_PAYLOAD, new BinlogEvents.RefusePayload());
        for (EventType t : new EventType[] {EventType.WRITE_ROWS, EventType.EXT_WRITE_ROWS}) {
            d.put(
                    t,
                    new RowDeserializers.Write(tables)
                            .setMayContainExtraInformation(t == EventType.EXT_WRITE_ROWS));
        }
        for (EventType t : new EventType[] {EventType.UPDATE_ROWS, EventType.EXT_UPDATE_ROWS}) {
            d.put(
                    t,
                    new RowDeserializers.Update(tables)
                            .setMayContainExtraInformation(t == EventType.EXT_UPDATE_ROWS));
        }
        for (EventType t : new EventType[] {EventType.DELETE_ROWS, EventType.EXT_DELETE_ROWS}) {
            d.put(
                    t,
                    new RowDeserializers.Delete(tables)
                            .setMayContainExtraInformation(t == EventType.EXT_DELETE_ROWS));
        }
        EventDeserializer ed =
                new EventDeserializer(
                        new BinlogEvents.HeaderDeserializer(),
                        new NullEventDataDeserializer(),
                        d,
                        tables);
        ed.setCompatibilityMode(EventDeserializer.CompatibilityMode.CHAR_AND_BINARY_AS_BYTE_ARRAY);
        return ed;
    }

    /** TLS trusting only the CA of the URL's ssl-ca file, as the JDBC connections do. */
    private static SSLSocketFactory trusting(ConnectionSpec spec) {
        SSLContext context;
        try (InputStream in = Files.newInputStream(spec.sslCa())) {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (Certificate cert :
                    CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("ca" + i++, cert);
            }
            TrustManagerFactory tmf =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
        } catch (IOException | GeneralSecurityException e) {
            throw new SnapshiftException(
                    ErrorCode.USAGE,
                    "cannot read ssl-ca file "
                            + spec.sslCa()
                            + " as PEM certificates: "
                            + e.getMessage(),
                    e);
        }
        return socket -> {
            try {
                return (SSLSocket)
                        context.getSocketFactory()
                                .createSocket(
                                        socket,
                                        socket.getInetAddress().getHostName(),
                                        socket.getPort(),
                                        true);
            } catch (IOException e) {
                throw new SocketException(e.getMessage());
            }
        };
    }
}
