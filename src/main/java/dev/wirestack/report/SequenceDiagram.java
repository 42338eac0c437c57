package dev.wirestack.report;

import dev.wirestack.trace.TraceEvent;
import dev.wirestack.wire.Ipv4Address;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A sequence diagram of recorded frames: one lane per host, one arrow per frame that went from one lane to another
 * (routers and switches that are not lanes in between are looked through), each side's TCP state where it changes.
 * Built from the trace alone, so that it is a pure function of it.
 *
 * <p>Matching: a frame sent by a lane is followed by its {@link Packet.Identity} (which routers do not change) until
 * a frame with the same identity is received by another lane: that is the arrow. A frame sent towards a lane that no
 * lane ever received was lost on the way: its arrow stops short. Frames to addresses of no lane are not drawn.
 *
 * @param items   arrows, state notes and gaps, in the order they happened (an arrow at its sending time)
 * @param omitted arrows left out by {@link #elide}
 */
public record SequenceDiagram(List<String> lanes, List<Item> items, int omitted) {

    public sealed interface Item {
        long timeNanos();
    }

    /**
     * A frame from lane {@code from} to lane {@code to}; {@code receivedNanos} is -1 for a frame that was lost.
     */
    public record Arrow(long timeNanos, long receivedNanos, int from, int to, String label) implements Item {
        public boolean lost() {
            return receivedNanos < 0;
        }
    }

    /** A lane's TCP connection entered {@code state}. */
    public record StateNote(long timeNanos, int lane, String state) implements Item {
    }

    /** {@code arrows} arrows between the ones around it are not drawn. */
    public record Gap(long timeNanos, int arrows) implements Item {
    }

    public SequenceDiagram {
        lanes = List.copyOf(lanes);
        items = List.copyOf(items);
    }

    /** The diagram of {@code events} between the hosts named in {@code lanes}, in that order from left to right. */
    public static SequenceDiagram of(List<TraceEvent> events, List<String> lanes) {
        return new Builder(events, lanes).build();
    }

    public List<Arrow> arrows() {
        return items.stream().filter(Arrow.class::isInstance).map(Arrow.class::cast).toList();
    }

    /**
     * The diagram with only the first {@code head} and the last {@code tail} arrows: the ones between become one
     * {@link Gap}, while every state note stays. The whole diagram when it has no more than {@code head + tail}.
     */
    public SequenceDiagram elide(int head, int tail) {
        int total = arrows().size();
        if (total <= head + tail) {
            return this;
        }
        List<Item> kept = new ArrayList<>();
        int arrowIndex = 0;
        for (Item item : items) {
            if (item instanceof Arrow) {
                if (arrowIndex == head) {
                    kept.add(new Gap(item.timeNanos(), total - head - tail));
                }
                boolean inGap = arrowIndex >= head && arrowIndex < total - tail;
                arrowIndex++;
                if (inGap) {
                    continue;
                }
            }
            kept.add(item);
        }
        return new SequenceDiagram(lanes, kept, omitted + total - head - tail);
    }

    private static final class Builder {
        /** A frame on its way from a lane; compared by identity, as the same bytes may be sent twice. */
        private record Flight(long sentNanos, int from, Packet packet, String label) {
        }

        private final List<TraceEvent> events;
        private final List<String> lanes;
        private final Map<String, Integer> laneIndex = new HashMap<>();
        private final Map<Ipv4Address, Integer> owners = new HashMap<>();
        private final Map<Packet.Identity, ArrayDeque<Flight>> inFlight = new HashMap<>();
        private final List<Item> items = new ArrayList<>();
        private final SegmentLabels labels = new SegmentLabels();

        Builder(List<TraceEvent> events, List<String> lanes) {
            if (lanes.isEmpty()) {
                throw new IllegalArgumentException("a sequence diagram needs at least one lane");
            }
            this.events = events;
            this.lanes = lanes;
            for (int i = 0; i < lanes.size(); i++) {
                if (laneIndex.putIfAbsent(lanes.get(i), i) != null) {
                    throw new IllegalArgumentException("lane named twice: " + lanes.get(i));
                }
            }
        }

        SequenceDiagram build() {
            learnAddresses();
            List<Flight> order = new ArrayList<>();
            Map<Flight, Arrow> arrows = new IdentityHashMap<>();
            for (TraceEvent event : events) {
                switch (event) {
                    case TraceEvent.FrameSent sent when laneIndex.containsKey(sent.node()) -> {
                        Packet packet = Packet.of(sent.frame());
                        Flight flight = new Flight(sent.timeNanos(), laneIndex.get(sent.node()), packet,
                                labels.label(packet));
                        inFlight.computeIfAbsent(flight.packet().identity(), k -> new ArrayDeque<>()).add(flight);
                        order.add(flight);
                    }
                    case TraceEvent.FrameReceived received when laneIndex.containsKey(received.node()) -> {
                        int lane = laneIndex.get(received.node());
                        Flight flight = take(Packet.of(received.frame()).identity(), lane);
                        if (flight != null) {
                            arrows.put(flight, new Arrow(flight.sentNanos(), received.timeNanos(), flight.from(), lane,
                                    flight.label()));
                        }
                    }
                    case TraceEvent.TcpStateChanged changed when laneIndex.containsKey(changed.node()) ->
                            items.add(new StateNote(changed.timeNanos(), laneIndex.get(changed.node()), changed.to()));
                    default -> {
                    }
                }
            }
            for (Flight flight : order) {
                Arrow arrow = arrows.get(flight);
                if (arrow == null) {
                    arrow = lostArrow(flight);
                }
                if (arrow != null) {
                    items.add(arrow);
                }
            }
            // Stable: at equal times, state notes (added first) come before arrows, as a state changes before the
            // segment it causes leaves.
            items.sort(Comparator.comparingLong(Item::timeNanos));
            return new SequenceDiagram(lanes, items, 0);
        }

        /** Which lane owns which address: the source addresses of the frames each lane sent. */
        private void learnAddresses() {
            for (TraceEvent event : events) {
                if (event instanceof TraceEvent.FrameSent sent && laneIndex.containsKey(sent.node())) {
                    Packet packet = Packet.of(sent.frame());
                    if (packet.source() != null && !packet.source().isUnspecified()) {
                        owners.putIfAbsent(packet.source(), laneIndex.get(sent.node()));
                    }
                }
            }
        }

        private Flight take(Packet.Identity identity, int receivingLane) {
            ArrayDeque<Flight> flights = inFlight.get(identity);
            if (flights == null) {
                return null;
            }
            for (Iterator<Flight> it = flights.iterator(); it.hasNext(); ) {
                Flight flight = it.next();
                if (flight.from() != receivingLane) {
                    it.remove();
                    return flight;
                }
            }
            return null;
        }

        /** A frame no lane received: drawn short towards the lane that owns its destination, if one does. */
        private Arrow lostArrow(Flight flight) {
            Integer to = owners.get(flight.packet().destination());
            if (to == null || to == flight.from()) {
                return null;
            }
            return new Arrow(flight.sentNanos(), -1, flight.from(), to, flight.label());
        }
    }
}
