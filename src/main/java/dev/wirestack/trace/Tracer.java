package dev.wirestack.trace;

/** Receives every trace event a node emits. Implementations must not throw and must not call back into the node. */
@FunctionalInterface
public interface Tracer {
    Tracer NONE = event -> { };

    void emit(TraceEvent event);

    /** A tracer that passes each event to this one and then to {@code next}. */
    default Tracer andThen(Tracer next) {
        return event -> {
            emit(event);
            next.emit(event);
        };
    }
}
