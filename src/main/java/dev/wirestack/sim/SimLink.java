package dev.wirestack.sim;

/** A full-duplex cable between port {@code portA} of node A and port {@code portB} of node B. */
public final class SimLink {
    private final String nodeA;
    private final int portA;
    private final String nodeB;
    private final int portB;
    private final LinkDirection aToB;
    private final LinkDirection bToA;

    SimLink(String nodeA, int portA, String nodeB, int portB, LinkDirection aToB, LinkDirection bToA) {
        this.nodeA = nodeA;
        this.portA = portA;
        this.nodeB = nodeB;
        this.portB = portB;
        this.aToB = aToB;
        this.bToA = bToA;
    }

    /** The direction from A (the first node given to {@link SimNetwork#link}) to B. */
    public LinkDirection aToB() {
        return aToB;
    }

    public LinkDirection bToA() {
        return bToA;
    }

    @Override
    public String toString() {
        return nodeA + ":" + portA + " <-> " + nodeB + ":" + portB;
    }
}
