package dev.wirestack.http.tls;

import dev.wirestack.trace.Tracer;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How a server speaks TLS: its certificate and key, the protocol versions it accepts, and ALPN "http/1.1".
 *
 * <pre>{@code
 * ServerTls tls = ServerTls.selfSigned(List.of("10.2.0.2"));      // or ServerTls.fromKeyStore(path, password)
 * System.out.println("certificate SHA-256 " + tls.fingerprint());
 * new HttpServer(handler, ServerConfig.DEFAULT.withTls(tls)).serve(network, 443);
 * }</pre>
 *
 * @param context     holds the key and certificate chain
 * @param certificate the server's own certificate (for its fingerprint, and for a test client to trust)
 * @param protocols   the TLS versions offered, most preferred first ("TLSv1.3", "TLSv1.2")
 * @param options     handshake timeout and tracing
 */
public record ServerTls(SSLContext context, X509Certificate certificate, List<String> protocols,
                        TlsConnection.Options options) {
    public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    /** RFC 7301 ALPN: HTTP/1.1 is all this server speaks. */
    public static final String HTTP_1_1 = "http/1.1";

    public ServerTls {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(certificate, "certificate");
        protocols = List.copyOf(protocols);
        Objects.requireNonNull(options, "options");
        if (protocols.isEmpty()) {
            throw new IllegalArgumentException("no TLS protocol version enabled");
        }
    }

    /** A certificate generated now for "localhost", 127.0.0.1 and {@code addresses} (the server's own). */
    public static ServerTls selfSigned(List<String> addresses) throws IOException, GeneralSecurityException {
        SelfSignedCertificate.Generated generated = SelfSignedCertificate.generate(addresses);
        return of(generated.keyStore(), generated.password());
    }

    /** The key and certificate from a PKCS12 or JKS file (the type is detected), the key under the same password. */
    public static ServerTls fromKeyStore(Path file, char[] password) throws IOException, GeneralSecurityException {
        return of(KeyStore.getInstance(file.toFile(), password), password);
    }

    /** The key and certificate from {@code keyStore}, which holds one private key entry. */
    public static ServerTls of(KeyStore keyStore, char[] password) throws GeneralSecurityException {
        X509Certificate certificate = null;
        for (String alias : Collections.list(keyStore.aliases())) {
            if (keyStore.isKeyEntry(alias) && keyStore.getCertificate(alias) instanceof X509Certificate x509) {
                certificate = x509;
                break;
            }
        }
        if (certificate == null) {
            throw new GeneralSecurityException("the key store holds no private key with an X.509 certificate");
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return new ServerTls(context, certificate, DEFAULT_PROTOCOLS, TlsConnection.Options.DEFAULT);
    }

    /** Only these versions ("TLSv1.2" to force 1.2). */
    public ServerTls withProtocols(String... versions) {
        return new ServerTls(context, certificate, List.of(versions), options);
    }

    public ServerTls withOptions(TlsConnection.Options newOptions) {
        return new ServerTls(context, certificate, protocols, newOptions);
    }

    /** Handshakes reported to {@code tracer} as coming from {@code node}. */
    public ServerTls withTracer(Tracer tracer, String node) {
        return withOptions(new TlsConnection.Options(options.handshakeTimeout(), tracer, node));
    }

    public ServerTls withHandshakeTimeout(Duration timeout) {
        return withOptions(new TlsConnection.Options(timeout, options.tracer(), options.node()));
    }

    /** The SHA-256 fingerprint of the certificate, as openssl and browsers print it ("AB:CD:..."). */
    public String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").formatHex(digest).toUpperCase(Locale.ROOT);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encode the certificate or find SHA-256", e);
        }
    }

    /** An engine for one accepted connection. */
    public SSLEngine newEngine() {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(protocols.toArray(String[]::new));
        parameters.setApplicationProtocols(new String[] {HTTP_1_1});
        engine.setSSLParameters(parameters);
        return engine;
    }
}
