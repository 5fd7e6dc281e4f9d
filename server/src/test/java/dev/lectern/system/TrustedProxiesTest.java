package dev.lectern.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

    private static final TrustedProxies PROXIES = TrustedProxies.parse("127.0.0.1, 10.0.0.0/8 ::1 fd00::/8");

    @Test
    void withoutTrustedProxiesTheHeaderIsIgnored() {
        TrustedProxies none = TrustedProxies.parse("  ");
        assertThat(none.isEmpty()).isTrue();
        assertThat(none.clientAddress(ip("127.0.0.1"), List.of("6.6.6.6"))).isEqualTo(ip("127.0.0.1"));
        assertThat(TrustedProxies.parse(null).clientAddress(ip("10.1.1.1"), List.of("6.6.6.6")))
                .isEqualTo(ip("10.1.1.1"));
    }

    @Test
    void anUntrustedPeerIsTheClientWhateverItClaims() {
        assertThat(PROXIES.clientAddress(ip("203.0.113.9"), List.of("127.0.0.1")))
                .isEqualTo(ip("203.0.113.9"));
    }

    @Test
    void behindATrustedProxyTheLastUntrustedHopIsTheClient() {
        // The client forged "127.0.0.1, 10.9.9.9" in front; the proxy appended what it really saw.
        assertThat(PROXIES.clientAddress(ip("127.0.0.1"), List.of("127.0.0.1, 10.9.9.9, 198.51.100.7")))
                .isEqualTo(ip("198.51.100.7"));
        // Chains of trusted proxies are walked; several header lines are one list, in order.
        assertThat(PROXIES.clientAddress(ip("127.0.0.1"), List.of("1.1.1.1, 198.51.100.7", "10.2.3.4", "10.0.0.1")))
                .isEqualTo(ip("198.51.100.7"));
    }

    @Test
    void aTrustedPeerWithoutTheHeaderIsItselfTheClient() {
        assertThat(PROXIES.clientAddress(ip("127.0.0.1"), List.of())).isEqualTo(ip("127.0.0.1"));
        assertThat(PROXIES.clientAddress(ip("127.0.0.1"), null)).isEqualTo(ip("127.0.0.1"));
        assertThat(PROXIES.clientAddress(ip("127.0.0.1"), Collections.singletonList(null)))
                .isEqualTo(ip("127.0.0.1"));
    }

    @Test
    void whenEveryHopIsTrustedTheLeftmostIsTheClient() {
        assertThat(PROXIES.clientAddress(ip("127.0.0.1"), List.of("10.0.0.7, 10.0.0.8")))
                .isEqualTo(ip("10.0.0.7"));
    }

    @Test
    void aHopThatIsNotALiteralEndsTheWalkWithoutADnsLookup() {
        assertThat(PROXIES.clientAddress(ip("127.0.0.1"), List.of("localhost, 10.0.0.8")))
                .isEqualTo(ip("10.0.0.8"));
        assertThat(PROXIES.clientAddress(ip("127.0.0.1"), List.of("unknown"))).isEqualTo(ip("127.0.0.1"));
        for (String junk : List.of(
                "",
                " ",
                "example.com",
                "1.2.3",
                "1.2.3.4.5",
                "256.1.1.1",
                "01.2.3.4",
                "::g",
                "[::1",
                "1.2.3.4:99999999",
                "x".repeat(100),
                "_hidden")) {
            assertThat(TrustedProxies.literal(junk)).as(junk).isNull();
        }
    }

    @Test
    void readsIpv6PortsBracketsAndMappedAddresses() {
        assertThat(PROXIES.clientAddress(ip("::1"), List.of("[2001:db8::5]:4711")))
                .isEqualTo(ip("2001:db8::5"));
        assertThat(PROXIES.clientAddress(ip("::1"), List.of("2001:db8::5, fd00::1")))
                .isEqualTo(ip("2001:db8::5"));
        assertThat(PROXIES.clientAddress(ip("10.0.0.1"), List.of("198.51.100.7:5555")))
                .isEqualTo(ip("198.51.100.7"));
        // An IPv4-mapped IPv6 address is the IPv4 address, so it matches IPv4 blocks.
        assertThat(PROXIES.isTrusted(ip("::ffff:10.1.2.3"))).isTrue();
        assertThat(PROXIES.clientAddress(ip("127.0.0.1"), List.of("::ffff:198.51.100.7")))
                .isEqualTo(ip("198.51.100.7"));
    }

    @Test
    void matchesCidrBlocksBitByBit() {
        TrustedProxies blocks = TrustedProxies.parse("192.168.4.0/22,2001:db8:ab00::/40,0.0.0.0/0");
        assertThat(TrustedProxies.parse("192.168.4.0/22").isTrusted(ip("192.168.7.255")))
                .isTrue();
        assertThat(TrustedProxies.parse("192.168.4.0/22").isTrusted(ip("192.168.8.0")))
                .isFalse();
        assertThat(TrustedProxies.parse("192.168.4.0/22").isTrusted(ip("192.168.3.255")))
                .isFalse();
        assertThat(TrustedProxies.parse("2001:db8:ab00::/40").isTrusted(ip("2001:db8:abff::1")))
                .isTrue();
        assertThat(TrustedProxies.parse("2001:db8:ab00::/40").isTrusted(ip("2001:db8:ac00::1")))
                .isFalse();
        assertThat(TrustedProxies.parse("2001:db8:ab00::/40").isTrusted(ip("192.168.4.1")))
                .isFalse();
        assertThat(blocks.isTrusted(ip("8.8.8.8"))).isTrue();
        assertThat(blocks.isTrusted(ip("::2"))).isFalse();
        assertThat(PROXIES.isTrusted(ip("10.255.255.255"))).isTrue();
        assertThat(PROXIES.isTrusted(ip("11.0.0.0"))).isFalse();
        assertThat(PROXIES.isTrusted(ip("127.0.0.2"))).isFalse();
    }

    @Test
    void aBadEntryIsNamedAtStartUp() {
        for (String bad : List.of(
                "proxy.internal",
                "10.0.0.0/33",
                "::/129",
                "10.0.0.0/",
                "10.0.0.0/-1",
                "10.0.0.1:80",
                "[::1]",
                "1.2.3.4/8/8")) {
            assertThatThrownBy(() -> TrustedProxies.parse("127.0.0.1," + bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(bad);
        }
    }

    @Test
    void aHugeHeaderIsWalkedABoundedDistance() {
        String forged = "198.51.100.1, " + "10.0.0.1, ".repeat(1_000) + "10.0.0.2";
        // Beyond MAX_HOPS trusted hops the walk stops at the last hop it read, never at the forged front.
        assertThat(PROXIES.clientAddress(ip("127.0.0.1"), List.of(forged))).isEqualTo(ip("10.0.0.1"));
    }

    private static InetAddress ip(String literal) {
        InetAddress address = TrustedProxies.literal(literal);
        assertThat(address).as(literal).isNotNull();
        return address;
    }
}
