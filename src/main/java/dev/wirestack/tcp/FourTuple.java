package dev.wirestack.tcp;

/** What names a connection (RFC 9293 section 3.3.1): the local and the remote endpoint. */
public record FourTuple(Endpoint local, Endpoint remote) {
    public FourTuple {
        if (local == null || remote == null) {
            throw new IllegalArgumentException("both endpoints are required");
        }
    }

    /**
     * Written out over the four primitive fields: the host looks a tuple up on every segment, and the generated
     * record methods went through two levels of nested records per call (about 6% of the bulk path's samples).
     */
    @Override
    public int hashCode() {
        int h = local.address().bits();
        h = 31 * h + local.port();
        h = 31 * h + remote.address().bits();
        return 31 * h + remote.port();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FourTuple that
                && local.port() == that.local.port() && remote.port() == that.remote.port()
                && local.address().bits() == that.local.address().bits()
                && remote.address().bits() == that.remote.address().bits();
    }

    /** The same connection seen from the other end. */
    public FourTuple reversed() {
        return new FourTuple(remote, local);
    }

    @Override
    public String toString() {
        return local + " -> " + remote;
    }
}
