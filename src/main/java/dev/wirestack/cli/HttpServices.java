package dev.wirestack.cli;

import dev.wirestack.http.server.DigestHandler;
import dev.wirestack.http.server.HttpHandler;
import dev.wirestack.http.server.HttpServer;
import dev.wirestack.http.server.ServerConfig;
import dev.wirestack.http.server.StaticFileHandler;
import dev.wirestack.http.tls.ServerTls;
import dev.wirestack.http.transport.EventLoop;
import dev.wirestack.http.transport.Network;
import dev.wirestack.http.transport.WirestackNetwork;
import dev.wirestack.stack.Host;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The HTTP and HTTPS services of {@code wirestack serve}: the files under a root directory, and uploads (POST and PUT,
 * answered with their SHA-256 by {@link DigestHandler}, up to the server's body limit), over Wirestack TCP. Every
 * flag is checked, and the certificate loaded or generated, before the TAP is opened ({@link #configure}); the
 * listeners open before the loop starts ({@link #listen}); on a signal, {@link #shutdown} ends the connections
 * gracefully before the process ends.
 */
final class HttpServices {
    /** The methods {@link DigestHandler} answers, on every URL. */
    static final List<String> UPLOAD_METHODS = List.of("POST", "PUT");

    private final Integer httpPort;
    private final Integer httpsPort;
    private final Path root;
    private final ServerTls tls;
    private final List<HttpServer> servers = new ArrayList<>();

    private HttpServices(Integer httpPort, Integer httpsPort, Path root, ServerTls tls) {
        this.httpPort = httpPort;
        this.httpsPort = httpsPort;
        this.root = root;
        this.tls = tls;
    }

    /**
     * Validates the flags (IllegalArgumentException, a usage error) and prepares TLS: the key store's certificate,
     * or with none a self-signed one for {@code address}, Wirestack's own. Null when no HTTP service is asked for.
     */
    static HttpServices configure(Integer httpPort, Integer httpsPort, Path root, Path keystore, String passwordEnv,
                                  String address) {
        if (httpPort == null && httpsPort == null) {
            if (root != null || keystore != null || passwordEnv != null) {
                throw new IllegalArgumentException("--root, --keystore and --keystore-password-env need --http or --https");
            }
            return null;
        }
        if (httpPort != null && httpPort.equals(httpsPort)) {
            throw new IllegalArgumentException("--http and --https cannot share port " + httpPort);
        }
        if (root == null) {
            throw new IllegalArgumentException((httpPort != null ? "--http" : "--https") + " needs --root DIR");
        }
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("--root " + root + " is not a directory");
        }
        if (httpsPort == null && (keystore != null || passwordEnv != null)) {
            throw new IllegalArgumentException("--keystore and --keystore-password-env need --https");
        }
        if (passwordEnv != null && keystore == null) {
            throw new IllegalArgumentException("--keystore-password-env needs --keystore FILE");
        }
        return new HttpServices(httpPort, httpsPort, root, httpsPort == null ? null : tls(keystore, passwordEnv, address));
    }

    private static ServerTls tls(Path keystore, String passwordEnv, String address) {
        if (keystore == null) {
            try {
                return ServerTls.selfSigned(List.of(address));
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("cannot generate a self-signed certificate: " + e.getMessage(), e);
            }
        }
        if (!Files.isReadable(keystore)) {
            throw new IllegalArgumentException("--keystore " + keystore + " is not a readable file");
        }
        String password = "";
        if (passwordEnv != null) {
            password = System.getenv(passwordEnv);
            if (password == null) {
                throw new IllegalArgumentException("--keystore-password-env: the environment variable " + passwordEnv
                        + " is not set");
            }
        }
        try {
            return ServerTls.fromKeyStore(keystore, password.toCharArray());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("--keystore " + keystore + ": " + e.getMessage());
        }
    }

    /** The one line serve prints for the certificate (null for plain HTTP only). */
    String certificateLine() {
        return tls == null ? null : "wirestack: https certificate SHA-256 " + tls.fingerprint();
    }

    /** What the ready line adds: {@code ; http on port 80; https on port 443; files under DIR}. */
    String describe() {
        return (httpPort == null ? "" : "; http on port " + httpPort)
                + (httpsPort == null ? "" : "; https on port " + httpsPort) + "; files under " + root;
    }

    /** Before the loop starts, or on the loop thread: listens on the ports. */
    void listen(Host host, EventLoop loop) throws IOException {
        Network network = new WirestackNetwork(host, loop);
        StaticFileHandler files = new StaticFileHandler(root, UPLOAD_METHODS);
        DigestHandler uploads = new DigestHandler();
        // Only POST and PUT carry uploads; every other method, refused ones too, is the file handler's to answer,
        // and its Allow lists the upload methods too.
        HttpHandler routed = exchange -> {
            if (UPLOAD_METHODS.contains(exchange.request().method())) {
                uploads.handle(exchange);
            } else {
                files.handle(exchange);
            }
        };
        if (httpPort != null) {
            HttpServer server = new HttpServer(routed, ServerConfig.DEFAULT);
            server.serve(network, httpPort);
            servers.add(server);
        }
        if (httpsPort != null) {
            HttpServer server = new HttpServer(routed, ServerConfig.DEFAULT.withTls(tls));
            server.serve(network, httpsPort);
            servers.add(server);
        }
    }

    /**
     * From any thread: stops listening and closes every connection gracefully (idle ones at once, busy ones after
     * their response in progress, sent with Connection: close); completes when all have ended.
     */
    CompletableFuture<Void> shutdown() {
        return CompletableFuture.allOf(servers.stream().map(HttpServer::shutdown).toArray(CompletableFuture[]::new));
    }
}
