package dev.wirestack.http.codec;

import java.util.EnumMap;
import java.util.Map;

import static dev.wirestack.http.codec.ConnState.CLOSED;
import static dev.wirestack.http.codec.ConnState.DONE;
import static dev.wirestack.http.codec.ConnState.ERROR;
import static dev.wirestack.http.codec.ConnState.IDLE;
import static dev.wirestack.http.codec.ConnState.MUST_CLOSE;
import static dev.wirestack.http.codec.ConnState.SEND_BODY;
import static dev.wirestack.http.codec.ConnState.SEND_RESPONSE;

/**
 * The two sides' states and every rule that moves them, as h11's _state.py: everything that affects the state
 * machine lives here, and this class does not know which role is local. Transitions are tables; anything not in a
 * table is a protocol error, raised as {@link IllegalStateException} for the connection to attribute to the side
 * that caused it.
 */
final class ConnectionStates {
    private static final Map<Role, Map<ConnState, Map<EventType, ConnState>>> EVENT_TRIGGERED = new EnumMap<>(Map.of(
            Role.CLIENT, table(
                    IDLE, Map.of(EventType.REQUEST, SEND_BODY, EventType.CONNECTION_CLOSED, CLOSED),
                    SEND_BODY, Map.of(EventType.DATA, SEND_BODY, EventType.END_OF_MESSAGE, DONE),
                    DONE, Map.of(EventType.CONNECTION_CLOSED, CLOSED),
                    MUST_CLOSE, Map.of(EventType.CONNECTION_CLOSED, CLOSED),
                    CLOSED, Map.of(EventType.CONNECTION_CLOSED, CLOSED)),
            Role.SERVER, table(
                    // A response from IDLE is an unsolicited error (400 after a malformed request, 408): the
                    // connection closes after it (Http1Connection disables keep-alive).
                    IDLE, Map.of(EventType.RESPONSE, SEND_BODY, EventType.CONNECTION_CLOSED, CLOSED),
                    SEND_RESPONSE, Map.of(EventType.INFORMATIONAL_RESPONSE, SEND_RESPONSE,
                            EventType.RESPONSE, SEND_BODY),
                    SEND_BODY, Map.of(EventType.DATA, SEND_BODY, EventType.END_OF_MESSAGE, DONE),
                    DONE, Map.of(EventType.CONNECTION_CLOSED, CLOSED),
                    MUST_CLOSE, Map.of(EventType.CONNECTION_CLOSED, CLOSED),
                    CLOSED, Map.of(EventType.CONNECTION_CLOSED, CLOSED))));

    private ConnState client = IDLE;
    private ConnState server = IDLE;
    private boolean keepAlive = true;

    ConnState state(Role role) {
        return role == Role.CLIENT ? client : server;
    }

    boolean keepAlive() {
        return keepAlive;
    }

    /** Whether {@code role} may send {@code type} in its present state. */
    boolean allows(Role role, EventType type) {
        return EVENT_TRIGGERED.get(role).getOrDefault(state(role), Map.of()).containsKey(type);
    }

    /** Applies {@code type} sent by {@code role}, then the state-triggered rules. */
    void process(Role role, EventType type) {
        ConnState from = state(role);
        ConnState to = EVENT_TRIGGERED.get(role).getOrDefault(from, Map.of()).get(type);
        if (to == null) {
            throw new IllegalStateException("cannot handle " + type + " when the " + role.name().toLowerCase()
                    + " is in state " + from);
        }
        set(role, to);
        // The server's turn begins when the client's request head arrives (h11: (CLIENT, Request) in the server
        // table).
        if (role == Role.CLIENT && type == EventType.REQUEST && server == IDLE) {
            server = SEND_RESPONSE;
        }
        fireStateTriggered();
    }

    /** A message said it will not be followed by another (Connection: close, HTTP/1.0, close-delimited body). */
    void disableKeepAlive() {
        keepAlive = false;
        fireStateTriggered();
    }

    void error(Role role) {
        set(role, ERROR);
        fireStateTriggered();
    }

    private void fireStateTriggered() {
        if (!keepAlive) {
            if (client == DONE) {
                client = MUST_CLOSE;
            }
            if (server == DONE) {
                server = MUST_CLOSE;
            }
        }
        // Once one side closed or failed, the other can finish its message but never start a new one.
        if ((client == CLOSED && (server == DONE || server == IDLE)) || (client == ERROR && server == DONE)) {
            server = MUST_CLOSE;
        }
        if ((server == CLOSED && (client == DONE || client == IDLE)) || (server == ERROR && client == DONE)) {
            client = MUST_CLOSE;
        }
        // Both messages complete on a persistent connection: the next cycle starts (h11's start_next_cycle, done
        // here at once so that pipelined requests flow without a call).
        if (client == DONE && server == DONE) {
            client = IDLE;
            server = IDLE;
        }
    }

    private void set(Role role, ConnState state) {
        if (role == Role.CLIENT) {
            client = state;
        } else {
            server = state;
        }
    }

    /** A state table in EnumMaps, every lookup an array index: the codec consults it on every event. */
    private static Map<ConnState, Map<EventType, ConnState>> table(Object... statesAndRows) {
        Map<ConnState, Map<EventType, ConnState>> table = new EnumMap<>(ConnState.class);
        for (int i = 0; i < statesAndRows.length; i += 2) {
            @SuppressWarnings("unchecked")
            Map<EventType, ConnState> row = (Map<EventType, ConnState>) statesAndRows[i + 1];
            table.put((ConnState) statesAndRows[i], new EnumMap<>(row));
        }
        return table;
    }
}
