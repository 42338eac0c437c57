package dev.wirestack.http.client;

import dev.wirestack.http.codec.HttpLimits;
import dev.wirestack.http.tls.ClientTls;

import java.time.Duration;
import java.util.Objects;

/**
 * How a client behaves.
 *
 * @param limits            what a response may be (its body at most {@code limits.maxBodyBytes()}, decoded too)
 * @param connectTimeout    how long a connection may take to open
 * @param responseTimeout   how long a response may take, from the request sent to the last body byte
 * @param maxRedirects      how many redirects one call follows
 * @param maxIdlePerOrigin  connections kept open for reuse per scheme, host and port
 * @param acceptGzip        whether to ask for gzip (Accept-Encoding) and decode it
 * @param tls               how https:// URLs are fetched; null for {@link ClientTls#systemDefault()} (certificates
 *                          verified against the JDK's default trust store), made when first needed
 */
public record ClientConfig(HttpLimits limits, Duration connectTimeout, Duration responseTimeout, int maxRedirects,
                           int maxIdlePerOrigin, boolean acceptGzip, ClientTls tls) {
    public static final ClientConfig DEFAULT = new ClientConfig(HttpLimits.DEFAULT.withMaxBodyBytes(256L << 20),
            Duration.ofSeconds(10), Duration.ofSeconds(60), 5, 4, true, null);

    public ClientConfig {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(responseTimeout, "responseTimeout");
        if (maxRedirects < 0 || maxIdlePerOrigin < 0) {
            throw new IllegalArgumentException("negative limits: " + maxRedirects + ", " + maxIdlePerOrigin);
        }
    }

    public ClientConfig withTimeouts(Duration connect, Duration response) {
        return new ClientConfig(limits, connect, response, maxRedirects, maxIdlePerOrigin, acceptGzip, tls);
    }

    public ClientConfig withMaxRedirects(int redirects) {
        return new ClientConfig(limits, connectTimeout, responseTimeout, redirects, maxIdlePerOrigin, acceptGzip, tls);
    }

    /** Fetches https:// URLs with {@code newTls}: a trust store, or {@link ClientTls#insecure()}. */
    public ClientConfig withTls(ClientTls newTls) {
        return new ClientConfig(limits, connectTimeout, responseTimeout, maxRedirects, maxIdlePerOrigin, acceptGzip,
                newTls);
    }
}
