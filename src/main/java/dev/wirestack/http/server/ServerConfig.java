package dev.wirestack.http.server;

import dev.wirestack.http.codec.HttpLimits;
import dev.wirestack.http.tls.ServerTls;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a server treats its connections.
 *
 * @param limits          what a request may be (sizes answered 413, 414, 431)
 * @param headerTimeout   how long a request head may take from its first byte (from the accept for the first
 *                        request): a slow client (slowloris) gets 408 and the connection closes
 * @param idleTimeout     how long a persistent connection may sit between requests before the server closes it
 * @param lingerTimeout   after the last response on a connection, how long the server keeps reading and discarding
 *                        before it resets (RFC 9112 section 9.6: close in stages, so the response is not lost to a
 *                        reset caused by unread input)
 * @param serverName      the Server field, or null for none
 * @param wallClock       the clock for the Date field (RFC 9110 section 6.6.1), or null for none
 * @param tls             TLS on every connection (HTTPS), or null for plain HTTP
 */
public record ServerConfig(HttpLimits limits, Duration headerTimeout, Duration idleTimeout, Duration lingerTimeout,
                           String serverName, Clock wallClock, ServerTls tls) {
    public static final ServerConfig DEFAULT = new ServerConfig(HttpLimits.DEFAULT, Duration.ofSeconds(10),
            Duration.ofSeconds(30), Duration.ofSeconds(2), "wirestack", Clock.systemUTC(), null);

    public ServerConfig {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(headerTimeout, "headerTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(lingerTimeout, "lingerTimeout");
    }

    public ServerConfig withTimeouts(Duration header, Duration idle) {
        return new ServerConfig(limits, header, idle, lingerTimeout, serverName, wallClock, tls);
    }

    public ServerConfig withWallClock(Clock clock) {
        return new ServerConfig(limits, headerTimeout, idleTimeout, lingerTimeout, serverName, clock, tls);
    }

    public ServerConfig withLimits(HttpLimits newLimits) {
        return new ServerConfig(newLimits, headerTimeout, idleTimeout, lingerTimeout, serverName, wallClock, tls);
    }

    /** The Server field to send (null: none). */
    public ServerConfig withServerName(String name) {
        return new ServerConfig(limits, headerTimeout, idleTimeout, lingerTimeout, name, wallClock, tls);
    }

    /** Serves HTTPS with {@code newTls} (null: plain HTTP). */
    public ServerConfig withTls(ServerTls newTls) {
        return new ServerConfig(limits, headerTimeout, idleTimeout, lingerTimeout, serverName, wallClock, newTls);
    }
}
