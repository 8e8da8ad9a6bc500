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
        SandboxOptions o = SandboxOptions.of(Flavor.MARIADB_11_4_5).withServerId(9).withRequireSecureTransport(true);
        assertThat(o.serverId()).isEqualTo(9);
        assertThat(o.tls()).isFalse();
        assertThat(o.usesTls()).isTrue();
        List<String> args = new ArrayList<>(List.of("--a"));
        SandboxOptions withArgs = o.withExtraArgs(args);
        args.add("--b");
        assertThat(withArgs.extraArgs()).containsExactly("--a");
        assertThatThrownBy(() -> o.withServerId(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
