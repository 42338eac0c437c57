package dev.wirestack.ip;

import dev.wirestack.wire.Ipv4Address;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * An IPv4 routing table with longest-prefix match (RFC 1812 5.2.4.3): of the routes whose destination contains the
 * address, the one with the longest prefix wins; among equally long prefixes, the one added first. Routes through
 * an interface that is down are skipped, so traffic falls back to a shorter prefix (often the default route).
 *
 * <p>A linear scan over routes kept sorted by prefix length: hosts and simulated routers hold a handful of routes.
 */
public final class RouteTable {
    private static final Comparator<Route> LONGEST_PREFIX_FIRST =
            Comparator.comparingInt((Route r) -> r.destination().prefixLength()).reversed();

    private final List<Route> routes = new ArrayList<>();

    /** Adds a route; an identical route already present is not added twice. */
    public void add(Route route) {
        if (routes.contains(route)) {
            return;
        }
        routes.add(route);
        routes.sort(LONGEST_PREFIX_FIRST); // stable: insertion order breaks ties
    }

    public boolean remove(Route route) {
        return routes.remove(route);
    }

    /** The best route to {@code destination} through an interface that {@code usable} accepts. */
    public Optional<Route> lookup(Ipv4Address destination, IntPredicate usable) {
        return Optional.ofNullable(find(destination, usable));
    }

    /** {@link #lookup(Ipv4Address, IntPredicate)} without the Optional, for the per-datagram send path: or null. */
    public Route find(Ipv4Address destination, IntPredicate usable) {
        for (int i = 0; i < routes.size(); i++) {
            Route route = routes.get(i);
            if (route.destination().contains(destination) && usable.test(route.interfaceIndex())) {
                return route;
            }
        }
        return null;
    }

    public Optional<Route> lookup(Ipv4Address destination) {
        return lookup(destination, index -> true);
    }

    /** The routes, longest prefix first. */
    public List<Route> routes() {
        return List.copyOf(routes);
    }
}
