package dev.wirestack.tcp;

/** What names a connection (RFC 9293 section 3.3.1): the local and the remote endpoint. */
public record FourTuple(Endpoint local, Endpoint remote) {
    public FourTuple {
        if (local == null || remote == null) {
            throw new IllegalArgumentException("both endpoints are required");
        }
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
