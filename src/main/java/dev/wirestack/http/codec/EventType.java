package dev.wirestack.http.codec;

/** What moves the state machine: the kind of an event, an interim response told apart from a final one. */
enum EventType {
    REQUEST,
    INFORMATIONAL_RESPONSE,
    RESPONSE,
    DATA,
    END_OF_MESSAGE,
    CONNECTION_CLOSED;

    static EventType of(HttpEvent event) {
        return switch (event) {
            case HttpEvent.Request r -> REQUEST;
            case HttpEvent.Response r -> r.isInformational() ? INFORMATIONAL_RESPONSE : RESPONSE;
            case HttpEvent.Data d -> DATA;
            case HttpEvent.EndOfMessage e -> END_OF_MESSAGE;
            case HttpEvent.ConnectionClosed c -> CONNECTION_CLOSED;
        };
    }
}
