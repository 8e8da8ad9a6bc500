package dev.snapshift.it;

import dev.snapshift.internal.schema.Charsets;
import dev.snapshift.sandbox.SandboxServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a test corpus the way the {@code mysql} client does with {@code --default-character-set}:
 * each statement is sent as bytes in the session's client character set, which follows the script's
 * {@code SET NAMES} statements, so that a routine written under {@code SET NAMES latin1} really
 * holds latin1 bytes. Statements end with a line holding only {@code $$}; lines starting with
 * {@code --} between statements are comments; {@code ${name}} is replaced.
 */
final class SqlScript {
    private static final Pattern SET_NAMES =
            Pattern.compile("^\\s*SET\\s+NAMES\\s+(\\w+)", Pattern.CASE_INSENSITIVE);

    private SqlScript() {}

    static void run(SandboxServer server, String resource, Map<String, String> values)
            throws IOException, SQLException {
        Properties p = new Properties();
        p.setProperty("user", server.rootUser());
        p.setProperty("password", server.rootPassword());
        p.setProperty("sslMode", "DISABLED");
        p.setProperty("allowPublicKeyRetrieval", "true");
        p.setProperty(
                "characterEncoding", "ISO-8859-1"); // one char, one byte: the bytes are made here
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(null), p);
                Statement st = c.createStatement()) {
            st.setEscapeProcessing(false);
            Charset client = StandardCharsets.UTF_8;
            st.execute("SET NAMES utf8mb4");
            for (String sql : statements(resource, values)) {
                try {
                    st.execute(new String(sql.getBytes(client), StandardCharsets.ISO_8859_1));
                } catch (SQLException e) {
                    throw new SQLException(
                            e.getMessage() + " [" + sql + "]",
                            e.getSQLState(),
                            e.getErrorCode(),
                            e);
                }
                Matcher m = SET_NAMES.matcher(sql);
                if (m.find()) {
                    client = Charsets.java(m.group(1));
                }
            }
        }
    }

    static List<String> statements(String resource, Map<String, String> values) throws IOException {
        String text;
        try (InputStream in = SqlScript.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no resource " + resource);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (Map.Entry<String, String> e : values.entrySet()) {
            text = text.replace("${" + e.getKey() + "}", e.getValue());
        }
        List<String> out = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (line.strip().equals("$$")) {
                if (!sb.toString().isBlank()) {
                    out.add(sb.toString().strip());
                }
                sb.setLength(0);
            } else if (!(sb.toString().isBlank() && line.stripLeading().startsWith("--"))) {
                sb.append(line).append('\n');
            }
        }
        if (!sb.toString().isBlank()) {
            out.add(sb.toString().strip());
        }
        return out;
    }
}
