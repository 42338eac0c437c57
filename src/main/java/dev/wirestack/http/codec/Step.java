package dev.wirestack.http.codec;

/** The result of {@link Http1Connection#nextEvent()}: an event, or a {@link Signal} saying why there is none. */
public sealed interface Step permits HttpEvent, Signal {
}
