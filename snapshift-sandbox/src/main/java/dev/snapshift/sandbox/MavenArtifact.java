package dev.snapshift.sandbox;

import java.nio.file.Path;

/** Maven coordinates of one artifact file; {@code classifier} may be null. */
record MavenArtifact(
        String groupId, String artifactId, String version, String type, String classifier) {

    /** The file's path relative to a local repository root. */
    Path relativePath() {
        String file =
                artifactId
                        + "-"
                        + version
                        + (classifier == null ? "" : "-" + classifier)
                        + "."
                        + type;
        return Path.of(groupId.replace('.', '/'), artifactId, version, file);
    }

    /** {@code G:A:V[:type[:classifier]]} as {@code mvn dependency:get -Dartifact=} expects it. */
    String coordinates() {
        return groupId
                + ":"
                + artifactId
                + ":"
                + version
                + ":"
                + type
                + (classifier == null ? "" : ":" + classifier);
    }
}
