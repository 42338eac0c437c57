package dev.wirestack.http.server;

/**
 * The application: called on the connection's event loop once a request head has arrived. It may respond at once
 * or later (from the same loop), and must register {@link HttpExchange#onBody} before returning if it wants the
 * body. An exception before responding becomes a 500 and closes the connection.
 */
@FunctionalInterface
public interface HttpHandler {
    void handle(HttpExchange exchange) throws Exception;
}
