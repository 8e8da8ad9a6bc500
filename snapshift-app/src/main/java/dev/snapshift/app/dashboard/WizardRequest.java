package dev.snapshift.app.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import dev.snapshift.api.ConnectionSpec;
import dev.snapshift.api.ConsistencyMode;
import dev.snapshift.api.DefinerPolicy;
import dev.snapshift.api.MigrationConfig;
import dev.snapshift.api.SnapshiftException;
import dev.snapshift.api.TargetOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the wizard's form sends: {@code {"source": {"url", "password"}, "target": {...},
 * "databases": [...], "consistency": "snapshot", "threads": 4}}. Every value is checked here; a bad
 * one is a 400 naming the field. The passwords live only in the returned configuration, in memory.
 */
final class WizardRequest {
    private WizardRequest() {}

    static ConnectionSpec connection(JsonNode body, String role) {
        JsonNode c = body.path(role);
        if (!c.isObject()) {
            throw new ApiError(
                    400,
                    role
                            + " is required: {\"url\": \"mysql://USER@HOST:PORT\", \"password\": \"...\"}");
        }
        String url = text(c, "url", role + ".url");
        if (url == null || url.isBlank()) {
            throw new ApiError(
                    400, role + ".url is required: mysql://USER@HOST[:PORT][?ssl-mode=...]");
        }
        String password = text(c, "password", role + ".password");
        try {
            return ConnectionSpec.parse(role, url, password == null ? "" : password);
        } catch (SnapshiftException e) {
            throw new ApiError(400, e.getMessage());
        }
    }

    static MigrationConfig config(JsonNode body, Path stateDir) {
        ConnectionSpec source = connection(body, "source");
        ConnectionSpec target = connection(body, "target");
        List<String> databases = new ArrayList<>();
        JsonNode dbs = body.path("databases");
        if (!dbs.isMissingNode() && !dbs.isNull()) {
            if (!dbs.isArray()) {
                throw new ApiError(400, "databases must be a list of names");
            }
            for (JsonNode d : dbs) {
                if (!d.isTextual() || d.asText().isBlank()) {
                    throw new ApiError(
                            400, "databases must be a list of non-empty names, found " + d);
                }
                databases.add(d.asText());
            }
        }
        if (databases.isEmpty()) {
            throw new ApiError(400, "select at least one database");
        }
        String consistency = text(body, "consistency", "consistency");
        int threads = MigrationConfig.DEFAULT_THREADS;
        JsonNode t = body.path("threads");
        if (!t.isMissingNode() && !t.isNull()) {
            if (t.isIntegralNumber() && t.canConvertToInt()) {
                threads = t.asInt();
            } else if (t.isTextual() && t.asText().trim().matches("[0-9]{1,9}")) {
                threads = Integer.parseInt(t.asText().trim());
            } else {
                throw new ApiError(
                        400, "threads must be a whole number between 1 and 256, was " + t);
            }
        }
        try {
            ConsistencyMode mode =
                    consistency == null
                            ? ConsistencyMode.SNAPSHOT
                            : ConsistencyMode.parse(consistency);
            return MigrationConfig.of(source, target, databases, threads)
                    .withConsistency(mode)
                    .withTargetOptions(targetOptions(body))
                    .withStateDir(stateDir);
        } catch (SnapshiftException e) {
            throw new ApiError(400, e.getMessage());
        }
    }

    /**
     * {@code "targetOptions": {"definers": "auto", "forceInnodb": false, "createInvisiblePks":
     * false, "collationMap": "FROM=TO, ...", "users": "PATTERNS", "includeTables": "db.t, ...",
     * "excludeTables": "..."}}: the command line's managed-target options; every field optional.
     */
    static TargetOptions targetOptions(JsonNode body) {
        JsonNode o = body.path("targetOptions");
        if (o.isMissingNode() || o.isNull()) {
            return TargetOptions.DEFAULTS;
        }
        if (!o.isObject()) {
            throw new ApiError(400, "targetOptions must be an object");
        }
        String users = text(o, "users", "targetOptions.users");
        return new TargetOptions(
                DefinerPolicy.parse(text(o, "definers", "targetOptions.definers")),
                flag(o, "createInvisiblePks"),
                flag(o, "forceInnodb"),
                TargetOptions.parseCollationMap(
                        list(text(o, "collationMap", "targetOptions.collationMap"))),
                users == null || users.isBlank() ? null : users.trim(),
                list(text(o, "includeTables", "targetOptions.includeTables")),
                list(text(o, "excludeTables", "targetOptions.excludeTables")));
    }

    private static boolean flag(JsonNode node, String field) {
        JsonNode v = node.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw new ApiError(400, "targetOptions." + field + " must be true or false");
        }
        return v.asBoolean();
    }

    /** A comma-separated field as its non-empty items. */
    private static List<String> list(String text) {
        List<String> out = new ArrayList<>();
        if (text != null) {
            for (String item : text.split(",")) {
                if (!item.isBlank()) {
                    out.add(item.trim());
                }
            }
        }
        return out;
    }

    private static String text(JsonNode node, String field, String name) {
        JsonNode v = node.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new ApiError(400, name + " must be a string");
        }
        return v.asText();
    }
}
