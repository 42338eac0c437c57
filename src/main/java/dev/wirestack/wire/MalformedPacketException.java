package dev.wirestack.wire;

/**
 * Thrown by every parser in this package for input that is not a valid packet. It carries a {@link Problem}
 * and no stack trace: malformed input is an expected event on a network, not a bug, and must be cheap.
 */
public final class MalformedPacketException extends Exception {
    private final transient Problem problem;

    public MalformedPacketException(Problem problem) {
        super(problem.describe(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
