package dev.wirestack.http.transport;

import java.io.IOException;
import java.util.function.Consumer;

/** Where connections come from: listening and connecting over one transport, on one {@link EventLoop}. */
public interface Network {
    EventLoop loop();

    /**
     * Listens on {@code port} (0: any free port) and hands every new connection to {@code onAccept}, on the loop.
     *
     * @throws IOException if the port cannot be listened on
     */
    Listening listen(int port, Consumer<Connection> onAccept) throws IOException;

    /** Opens a connection to {@code host}:{@code port}; the outcome goes to {@code handler}, on the loop. */
    void connect(String host, int port, ConnectHandler handler);

    /** A listening port. */
    interface Listening extends AutoCloseable {
        int port();

        @Override
        void close();
    }

    /** How a connect went. */
    interface ConnectHandler {
        void connected(Connection connection);

        void failed(String reason);
    }
}
