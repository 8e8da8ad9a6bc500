package dev.snapshift.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SandboxOptionsTest {

    @Test
    void defaults() {
        SandboxOptions o = SandboxOptions.of(Flavor.MYSQL_8_0_15);
        assertThat(o.gtid()).isFalse();
        assertThat(o.tls()).isFalse();
        assertThat(o.requireSecureTransport()).isFalse();
        assertThat(o.nativePassword()).isFalse();
        assertThat(o.logBin()).isTrue();
        assertThat(o.extraArgs()).isEmpty();
        assertThat(SandboxOptions.of(Flavor.MYSQL_8_0_15).serverId()).isNotEqualTo(o.serverId());
    }

    @Test
    void withersCopyAndRequireSecureTransportImpliesTls() {
        SandboxOptions o =
                SandboxOptions.of(Flavor.MARIADB_11_4_5)
                        .withServerId(9)
                        .withRequireSecureTransport(true);
        assertThat(o.serverId()).isEqualTo(9);
        assertThat(o.tls()).isFalse();
        assertThat(o.usesTls()).isTrue();
        List<String> args = new ArrayList<>(List.of("--a"));
        SandboxOptions withArgs = o.withExtraArgs(args);
        args.add("--b");
        assertThat(withArgs.extraArgs()).containsExactly("--a");
        assertThatThrownBy(() -> o.withServerId(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void portIsAFreeOneUnlessChosenAndABusyOneIsRefusedBeforeAnythingStarts() throws Exception {
        assertThat(SandboxOptions.of(Flavor.MYSQL_8_0_15).port()).as("0: a free port").isZero();
        assertThat(SandboxOptions.of(Flavor.MYSQL_8_0_15).withPort(3310).withGtid(true).port())
                .isEqualTo(3310);
        assertThatThrownBy(() -> SandboxOptions.of(Flavor.MYSQL_8_0_15).withPort(70000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1-65535");
        try (java.net.ServerSocket busy =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            int port = busy.getLocalPort();
            assertThat(FreePorts.isFree(port)).isFalse();
            assertThatThrownBy(
                            () ->
                                    SandboxServer.start(
                                            SandboxOptions.of(Flavor.MYSQL_8_0_15).withPort(port)))
                    .isInstanceOf(SandboxException.class)
                    .hasMessageContaining("port " + port + " is already in use on 127.0.0.1")
                    .hasMessageContaining("port 0 for a free one");
        }
    }
}
