package dev.wirestack.cli;

import dev.wirestack.http.client.BodyProgress;
import dev.wirestack.http.client.BodySink;
import dev.wirestack.http.client.ClientConfig;
import dev.wirestack.http.client.ClientRequest;
import dev.wirestack.http.client.ClientResponse;
import dev.wirestack.http.client.HttpClient;
import dev.wirestack.http.codec.Headers;
import dev.wirestack.http.tls.ClientTls;
import dev.wirestack.http.transport.WirestackNetwork;
import dev.wirestack.runtime.DriverEventLoop;
import dev.wirestack.runtime.RealTimeDriver;
import dev.wirestack.tap.TapException;
import dev.wirestack.wire.Ipv4Address;
import java.io.FileDescriptor;
import java.io.FilterOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code wirestack get}: fetches one URL over Wirestack TCP on a TAP interface, HTTP or HTTPS, following redirects,
 * to a file or standard output. Wirestack has no resolver yet, so the URL's host is an IPv4 address.
 */
@Command(name = "get", mixinStandardHelpOptions = true,
        description = "Fetches an http:// or https:// URL (host: an IPv4 address) over Wirestack's TCP on a TAP"
                + " interface and writes the body, as it arrives, to -o FILE or standard output (a failed download"
                + " leaves no -o FILE behind). A response of 400 or more is an error (exit 1). HTTPS certificates are"
                + " verified unless --insecure.")
final class GetCommand implements Callable<Integer> {
    /** How often the progress bar is redrawn. */
    private static final long REDRAW_MILLIS = 200;
    private static final String USER_AGENT = "wirestack-get";
    private static final long CLOSE_WAIT_MILLIS = 1000;

    @Mixin
    TapOptions tap;

    @Parameters(paramLabel = "URL", description = "http://A.B.C.D[:PORT]/PATH or https://...")
    String url;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write the body here, not to standard output")
    Path output;

    @Option(names = {"-k", "--insecure"},
            description = "accept any HTTPS certificate, as curl -k does (for self-signed test servers only)")
    boolean insecure;

    @Option(names = {"-v", "--verbose"}, description = "print the request and response headers, as curl -v does")
    boolean verbose;

    @Spec
    CommandSpec spec;

    /** The -o file was opened (so a failed download left part of a body in it). */
    private volatile boolean outputOpened;

    @Override
    public Integer call() throws InterruptedException, TapException {
        URI uri = parse(url);
        PrintWriter err = spec.commandLine().getErr();
        TapOptions.Attached attached = tap.attach();
        RealTimeDriver driver = attached.driver();
        driver.start();
        HttpClient client = new HttpClient(new WirestackNetwork(attached.host(), new DriverEventLoop(driver)),
                insecure ? ClientConfig.DEFAULT.withTls(ClientTls.insecure()) : ClientConfig.DEFAULT);
        try {
            ClientRequest request = request(uri);
            if (verbose) {
                printRequest(err, request);
            }
            ProgressBar bar = System.console() != null ? new ProgressBar(err) : null;
            // A successful body is written as it arrives (never whole in memory); an error page is kept for the
            // message.
            BodySink sink = (status, headers) -> status >= 400 ? null : open();
            ClientResponse response = await(client.send(request, bar == null ? BodyProgress.NONE : bar, sink), bar);
            if (verbose) {
                printResponse(err, response);
            }
            if (response.status() >= 400) {
                err.println("wirestack: " + response.status() + " " + response.reason() + " from " + response.uri());
                return 1;
            }
            return 0;
        } catch (ExecutionException e) {
            err.println("wirestack: " + uri + ": " + e.getCause().getMessage());
            discardPartialOutput(err);
            return 1;
        } finally {
            closeConnections(client, driver);
            driver.stop();
            err.flush();
        }
    }

    /**
     * Closes the client's connections and waits (briefly) until the loop has taken the closes, so that their FINs
     * leave before the loop stops: the server is not left with a half-open connection.
     */
    private static void closeConnections(HttpClient client, RealTimeDriver driver) {
        client.close();
        CompletableFuture<Void> taken = new CompletableFuture<>();
        driver.execute(() -> taken.complete(null)); // after the close: the loop runs hand-overs in order
        CompletableFuture.anyOf(taken, driver.terminated())
                .completeOnTimeout(null, CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS).join();
    }

    /** The URL, checked before the TAP is opened: http or https, an IPv4 host (IllegalArgumentException: usage). */
    private static URI parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("only http:// and https:// URLs can be fetched, not " + url);
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("the URL names no host: " + url);
        }
        try {
            Ipv4Address.parse(uri.getHost());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the URL's host " + uri.getHost()
                    + " is a name, and Wirestack resolves no names yet: use an IPv4 address");
        }
        return uri;
    }

    /** The request with every field it will carry, so that -v shows what is sent. */
    private static ClientRequest request(URI uri) {
        String host = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
        return new ClientRequest("GET", uri, Headers.of("Host", host, "User-Agent", USER_AGENT, "Accept", "*/*",
                "Accept-Encoding", "gzip"), new byte[0]);
    }

    /** Waits for the response, redrawing the progress bar meanwhile if there is one. */
    private static ClientResponse await(CompletableFuture<ClientResponse> pending, ProgressBar bar)
            throws ExecutionException, InterruptedException {
        if (bar == null) {
            return pending.get();
        }
        while (true) {
            try {
                ClientResponse response = pending.get(REDRAW_MILLIS, TimeUnit.MILLISECONDS);
                bar.finish();
                return response;
            } catch (TimeoutException e) {
                bar.draw();
            } catch (ExecutionException e) {
                bar.finish();
                throw e;
            }
        }
    }

    private static void printRequest(PrintWriter err, ClientRequest request) {
        URI uri = request.uri();
        String target = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        err.println("> " + request.method() + " " + target + " HTTP/1.1");
        request.headers().fields().forEach(field -> err.println("> " + field.name() + ": " + field.value()));
        err.println(">");
        err.flush();
    }

    private static void printResponse(PrintWriter err, ClientResponse response) {
        if (response.redirects() > 0) {
            err.println("* followed " + response.redirects() + " redirect(s) to " + response.uri());
        }
        err.println("< " + response.version().text() + " " + response.status() + " " + response.reason());
        response.headers().fields().forEach(field -> err.println("< " + field.name() + ": " + field.value()));
        err.println("<");
        err.flush();
    }

    /** Where the body goes: the -o file (created or truncated), or standard output, which is left open. */
    private OutputStream open() throws IOException {
        if (output != null) {
            outputOpened = true;
            return Files.newOutputStream(output);
        }
        spec.commandLine().getOut().flush();
        return new FilterOutputStream(new FileOutputStream(FileDescriptor.out)) {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                out.write(bytes, offset, length);
            }

            @Override
            public void close() throws IOException {
                out.flush(); // standard output stays open for whatever follows
            }
        };
    }

    /** A download that failed halfway must not be taken for the file: the -o file is removed. */
    private void discardPartialOutput(PrintWriter err) {
        if (output != null && outputOpened) {
            try {
                Files.deleteIfExists(output);
            } catch (IOException e) {
                err.println("wirestack: cannot remove the incomplete " + output + ": " + e.getMessage());
            }
        }
    }
}
