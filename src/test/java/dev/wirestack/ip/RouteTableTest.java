package dev.wirestack.ip;

import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.Ipv4Cidr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Longest-prefix match (RFC 1812 5.2.4.3). */
class RouteTableTest {
    static RouteTable table() {
        RouteTable table = new RouteTable();
        table.add(Route.via(Ipv4Cidr.parse("0.0.0.0/0"), Ipv4Address.parse("10.1.0.1"), 0));
        table.add(Route.connected(Ipv4Cidr.parse("10.1.0.7/24"), 0));
        table.add(Route.via(Ipv4Cidr.parse("10.2.0.0/16"), Ipv4Address.parse("10.9.0.2"), 1));
        table.add(Route.via(Ipv4Cidr.parse("10.2.3.0/24"), Ipv4Address.parse("10.9.0.3"), 1));
        table.add(Route.via(Ipv4Cidr.parse("10.2.3.4/32"), Ipv4Address.parse("10.9.0.4"), 2));
        table.add(Route.connected(Ipv4Cidr.parse("10.9.0.0/29"), 1));
        return table;
    }

    @ParameterizedTest
    @CsvSource({
            "10.1.0.99, 10.1.0.0/24, ",
            "10.2.9.9,  10.2.0.0/16, 10.9.0.2",
            "10.2.3.9,  10.2.3.0/24, 10.9.0.3",
            "10.2.3.4,  10.2.3.4/32, 10.9.0.4",
            "10.9.0.6,  10.9.0.0/29, ",
            "10.9.0.8,  0.0.0.0/0,   10.1.0.1",
            "8.8.8.8,   0.0.0.0/0,   10.1.0.1"})
    void theLongestMatchingPrefixWins(String destination, String expectedPrefix, String expectedGateway) {
        Route route = table().lookup(Ipv4Address.parse(destination)).orElseThrow();
        assertThat(route.destination()).isEqualTo(Ipv4Cidr.parse(expectedPrefix));
        assertThat(route.gateway()).isEqualTo(expectedGateway == null ? null : Ipv4Address.parse(expectedGateway));
    }

    @Test
    void routesThroughADownInterface_areSkipped() {
        Route route = table().lookup(Ipv4Address.parse("10.2.3.4"), index -> index != 2).orElseThrow();
        assertThat(route.destination()).isEqualTo(Ipv4Cidr.parse("10.2.3.0/24"));
    }

    @Test
    void withoutADefaultRoute_anUnknownNetworkHasNoRoute() {
        RouteTable table = new RouteTable();
        table.add(Route.connected(Ipv4Cidr.parse("10.1.0.0/24"), 0));
        assertThat(table.lookup(Ipv4Address.parse("10.3.0.1"))).isEmpty();
        assertThat(route(table, "10.1.0.1").nextHop(Ipv4Address.parse("10.1.0.1")))
                .isEqualTo(Ipv4Address.parse("10.1.0.1"));
    }

    private static Route route(RouteTable table, String destination) {
        return table.lookup(Ipv4Address.parse(destination)).orElseThrow();
    }
}
