package dev.wirestack.http.tls;

import dev.wirestack.trace.Tracer;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a client speaks TLS: whom it trusts, the protocol versions it offers, and ALPN "http/1.1". Certificates are
 * verified by default, against the JDK's default trust store, with the host checked as RFC 2818 and RFC 6125 say
 * (endpoint identification "HTTPS": a host name against the DNS names, an IP literal against the IP addresses).
 *
 * @param context        whom to trust
 * @param verifyHostname whether the certificate must name the host of the URL (off only when insecure)
 * @param protocols      the TLS versions offered
 * @param options        handshake timeout and tracing
 */
public record ClientTls(SSLContext context, boolean verifyHostname, List<String> protocols,
                        TlsConnection.Options options) {
    public ClientTls {
        Objects.requireNonNull(context, "context");
        protocols = List.copyOf(protocols);
        Objects.requireNonNull(options, "options");
        if (protocols.isEmpty()) {
            throw new IllegalArgumentException("no TLS protocol version enabled");
        }
    }

    /** Trusts the JDK's default certificate authorities. */
    public static ClientTls systemDefault() {
        return withTrustManagers(null, true);
    }

    /** Trusts only the certificates in {@code trustStore} (a server's self-signed certificate, a private CA). */
    public static ClientTls trusting(KeyStore trustStore) throws GeneralSecurityException {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trustStore);
        return withTrustManagers(trust.getTrustManagers(), true);
    }

    /** Trusts only {@code certificates}. */
    public static ClientTls trusting(X509Certificate... certificates) throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException("cannot create an empty trust store", e);
        }
        for (int i = 0; i < certificates.length; i++) {
            store.setCertificateEntry("trusted-" + i, certificates[i]);
        }
        return trusting(store);
    }

    /**
     * Trusts any certificate for any host, like {@code curl -k}: the connection is encrypted but the server is not
     * authenticated, so anyone on the path can impersonate it. For self-signed test servers only.
     */
    public static ClientTls insecure() {
        return withTrustManagers(new TrustManager[] {new TrustingAll()}, false);
    }

    private static ClientTls withTrustManagers(TrustManager[] trustManagers, boolean verifyHostname) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers, null);
            return new ClientTls(context, verifyHostname, ServerTls.DEFAULT_PROTOCOLS, TlsConnection.Options.DEFAULT);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no TLS context", e);
        }
    }

    public ClientTls withProtocols(String... versions) {
        return new ClientTls(context, verifyHostname, List.of(versions), options);
    }

    public ClientTls withOptions(TlsConnection.Options newOptions) {
        return new ClientTls(context, verifyHostname, protocols, newOptions);
    }

    /** Handshakes reported to {@code tracer} as coming from {@code node}. */
    public ClientTls withTracer(Tracer tracer, String node) {
        return withOptions(new TlsConnection.Options(options.handshakeTimeout(), tracer, node));
    }

    public ClientTls withHandshakeTimeout(Duration timeout) {
        return withOptions(new TlsConnection.Options(timeout, options.tracer(), options.node()));
    }

    /** An engine for a connection to {@code host} (a name or an IP literal) and {@code port}. */
    public SSLEngine newEngine(String host, int port) {
        // The peer host gives SNI (for names) and the identity the certificate must match.
        SSLEngine engine = context.createSSLEngine(host, port);
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(protocols.toArray(String[]::new));
        parameters.setApplicationProtocols(new String[] {ServerTls.HTTP_1_1});
        if (verifyHostname) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        engine.setSSLParameters(parameters);
        return engine;
    }

    /** Accepts every chain: the whole point of the insecure option, and nothing else. */
    private static final class TrustingAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
