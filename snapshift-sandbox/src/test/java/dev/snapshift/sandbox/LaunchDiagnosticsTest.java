package dev.snapshift.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LaunchDiagnosticsTest {

    @Test
    void namesTheDebianPackageOfAMissingLibrary() {
        String out =
                "/x/bin/mysqld: error while loading shared libraries: libaio.so.1: cannot open shared object file:"
                        + " No such file or directory";
        assertThat(LaunchDiagnostics.missingLibrary(out)).hasValue("libaio.so.1");
        assertThat(LaunchDiagnostics.hint(out))
                .hasValueSatisfying(
                        h ->
                                assertThat(h)
                                        .contains("libaio.so.1")
                                        .contains("apt-get install libaio1")
                                        .contains("libaio1t64"));
        assertThat(
                        LaunchDiagnostics.hint(
                                "error while loading shared libraries: libfoo.so.9: cannot open"))
                .hasValueSatisfying(h -> assertThat(h).contains("apt-file search libfoo.so.9"));
    }

    @Test
    void recognisesOnlyWhatItKnows() {
        assertThat(LaunchDiagnostics.hint("[ERROR] [MY-010119] [Server] Aborting")).isEmpty();
        assertThat(
                        LaunchDiagnostics.portTaken(
                                "[ERROR] [MY-010262] [Server] Can't start server: Bind on TCP/IP port:"
                                        + " Address already in use"))
                .isTrue();
        assertThat(LaunchDiagnostics.portTaken("[ERROR] Aborting")).isFalse();
    }
}
