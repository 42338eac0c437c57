package dev.wirestack.wire;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class Ipv4CidrProperties {

    @Property
    void everyAddressOfASubnetLiesBetweenItsNetworkAndBroadcast(@ForAll int bits, @ForAll @IntRange(max = 32) int prefix) {
        Ipv4Cidr cidr = new Ipv4Cidr(new Ipv4Address(bits), prefix);
        assertThat(cidr.contains(cidr.network())).isTrue();
        assertThat(cidr.contains(cidr.broadcast())).isTrue();
        assertThat(Integer.compareUnsigned(cidr.network().bits(), bits)).isLessThanOrEqualTo(0);
        assertThat(Integer.compareUnsigned(cidr.broadcast().bits(), bits)).isGreaterThanOrEqualTo(0);
    }

    @Property
    void addressTextRoundTrips(@ForAll int bits) {
        Ipv4Address address = new Ipv4Address(bits);
        assertThat(Ipv4Address.parse(address.toString())).isEqualTo(address);
    }
}
