package dev.snapshift.app.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snapshift.api.SnapshiftException;
import org.junit.jupiter.api.Test;

class UiAddressTest {
    @Test
    void parsesPortAloneAndHostPort() {
        assertThat(UiAddress.parse("8421")).isEqualTo(new UiAddress("127.0.0.1", 8421));
        assertThat(UiAddress.parse("0.0.0.0:80")).isEqualTo(new UiAddress("0.0.0.0", 80));
        assertThat(UiAddress.parse("[::1]:9000")).isEqualTo(new UiAddress("::1", 9000));
        assertThat(UiAddress.parse("localhost:0").loopback()).isTrue();
        assertThat(UiAddress.parse("0.0.0.0:1").loopback()).isFalse();
    }

    @Test
    void refusesMalformedAddressesWithAUsageMessage() {
        for (String bad :
                new String[] {
                    "", "abc", "host:", ":", "1:2:3", "70000", "127.0.0.1:-1", "[::1]", "host:12a"
                }) {
            assertThatThrownBy(() -> UiAddress.parse(bad))
                    .as(bad)
                    .isInstanceOf(SnapshiftException.class)
                    .hasMessageStartingWith("--ui: ");
        }
    }
}
