package dev.wirestack.http.server;

import dev.wirestack.http.codec.Headers;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Serves the files under a root directory (RFC 9110): GET and HEAD, OPTIONS; other known methods 405 with Allow,
 * TRACE among them (it would echo credentials back), unknown ones 501. Paths that leave the root, by "..", encoded
 * or not, or by a symbolic link, are 403. Conditional requests (ETag, Last-Modified: 304), single byte ranges (206,
 * 416), gzip for compressible types when the client accepts it (never for a range), index.html for a directory.
 *
 * <p>When other handlers serve more methods on the same URLs (uploads by POST and PUT in {@code serve}), this
 * handler is the fallback for the rest, and its OPTIONS and 405 answers list those methods in Allow too (RFC 9110
 * section 10.2.1: Allow lists the methods the target resource supports).
 */
public final class StaticFileHandler implements HttpHandler {
    private static final List<String> OWN_METHODS = List.of("GET", "HEAD", "OPTIONS");
    private static final Set<String> KNOWN_METHODS = Set.of("GET", "HEAD", "OPTIONS", "POST", "PUT", "DELETE",
            "PATCH", "TRACE", "CONNECT");

    private final Path root;
    private final String allow;

    public StaticFileHandler(Path root) throws IOException {
        this(root, List.of());
    }

    /**
     * Serves the files under {@code root}, while other handlers serve {@code otherMethods} on the same URLs.
     *
     * @throws IllegalArgumentException when an other method is one this handler serves itself or not a known method
     */
    public StaticFileHandler(Path root, List<String> otherMethods) throws IOException {
        for (String method : otherMethods) {
            if (OWN_METHODS.contains(method) || !KNOWN_METHODS.contains(method) || method.equals("TRACE")) {
                throw new IllegalArgumentException("not a method another handler can serve beside the files: "
                        + method);
            }
        }
        this.root = root.toRealPath();
        this.allow = String.join(", ", java.util.stream.Stream.concat(OWN_METHODS.stream(), otherMethods.stream())
                .distinct().toList());
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        exchange.respond(respond(exchange.request()));
    }

    HttpResponse respond(HttpRequest request) throws IOException {
        String method = request.method();
        if (method.equals("OPTIONS")) {
            return HttpResponse.empty(204).withHeader("Allow", allow);
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return KNOWN_METHODS.contains(method) ? HttpResponse.error(405).withHeader("Allow", allow)
                    : HttpResponse.error(501);
        }
        if (!request.path().startsWith("/")) {
            return HttpResponse.error(400);
        }
        Path file = resolve(request.path());
        if (file == null) {
            return HttpResponse.error(403);
        }
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.exists(file)) {
            return HttpResponse.error(404);
        }
        if (!file.toRealPath().startsWith(root)) {
            return HttpResponse.error(403); // a symbolic link out of the root
        }
        if (Files.isDirectory(file)) {
            if (!request.path().endsWith("/")) {
                // Relative links in the index resolve against the directory only with the slash.
                return HttpResponse.error(301).withHeader("Location", request.path() + "/");
            }
            file = file.resolve("index.html");
            if (!Files.isRegularFile(file)) {
                return HttpResponse.error(404);
            }
        }
        if (!Files.isReadable(file) || !Files.isRegularFile(file)) {
            return HttpResponse.error(403);
        }
        return serveFile(request, file);
    }

    /** The file the path names under the root, or null if it escapes the root or cannot be decoded. */
    private Path resolve(String rawPath) {
        String decoded;
        try {
            decoded = URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (decoded.indexOf('\0') >= 0 || decoded.indexOf('\\') >= 0) {
            return null;
        }
        Path resolved = root.resolve(decoded.substring(1)).normalize();
        return resolved.startsWith(root) ? resolved : null;
    }

    private HttpResponse serveFile(HttpRequest request, Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        long size = attributes.size();
        Instant modified = attributes.lastModifiedTime().toInstant().truncatedTo(ChronoUnit.SECONDS);
        String contentType = MediaTypes.of(file.getFileName().toString());
        String etag = "\"" + Long.toHexString(size) + "-" + Long.toHexString(modified.getEpochSecond()) + "\"";
        boolean compressible = MediaTypes.compressible(contentType);
        boolean gzip = compressible && acceptsGzip(request.headers());
        String representationTag = gzip ? etag.substring(0, etag.length() - 1) + "-gzip\"" : etag;

        Headers validators = Headers.of("ETag", representationTag, "Last-Modified", HttpDates.format(modified));
        if (compressible) {
            validators = validators.with("Vary", "Accept-Encoding");
        }
        if (notModified(request.headers(), etag, modified)) {
            return new HttpResponse(304, validators, Body.EMPTY);
        }
        Headers headers = validators.with("Content-Type", contentType).with("Accept-Ranges", "bytes");

        ByteRange.Result range = ByteRange.parse(request.headers(), size, etag, modified);
        switch (range) {
            case ByteRange.Result.Unsatisfiable u -> {
                return new HttpResponse(416, Headers.of("Content-Range", "bytes */" + size),
                        Body.of(("416 Range Not Satisfiable\n").getBytes(StandardCharsets.UTF_8)));
            }
            case ByteRange.Result.Single s -> {
                // Never compressed: the range counts bytes of the identity representation.
                return new HttpResponse(206, headers.set("ETag", etag).with("Content-Range",
                        "bytes " + s.first() + "-" + s.last() + "/" + size),
                        request.method().equals("HEAD") ? emptyOfLength(s.length())
                                : Body.ofFile(file, s.first(), s.length()));
            }
            case ByteRange.Result.Whole w -> {
                if (request.method().equals("HEAD")) {
                    return new HttpResponse(200, gzip ? headers.with("Content-Encoding", "gzip") : headers,
                            emptyOfLength(gzip ? -1 : size));
                }
                Body body = Body.ofFile(file, 0, size);
                return gzip ? new HttpResponse(200, headers.with("Content-Encoding", "gzip"), new GzipBody(body))
                        : new HttpResponse(200, headers, body);
            }
        }
    }

    /** A HEAD response announces the length a GET would send. */
    private static Body emptyOfLength(long length) {
        return new Body() {
            @Override
            public long length() {
                return length;
            }

            @Override
            public int read(byte[] into, int offset, int max) {
                return -1;
            }
        };
    }

    /** RFC 9110 section 13.2.2: If-None-Match (weak comparison) first; If-Modified-Since only without it. */
    private static boolean notModified(Headers headers, String etag, Instant modified) {
        if (headers.has("If-None-Match")) {
            String opaque = etag.substring(1, etag.length() - 1);
            for (String tag : headers.tokens("If-None-Match")) {
                String bare = tag.startsWith("w/") ? tag.substring(2) : tag;
                if (bare.equals("*") || bare.equals("\"" + opaque.toLowerCase(Locale.ROOT) + "\"")
                        || bare.equals("\"" + opaque.toLowerCase(Locale.ROOT) + "-gzip\"")) {
                    return true;
                }
            }
            return false;
        }
        Instant since = HttpDates.parse(headers.get("If-Modified-Since"));
        return since != null && !modified.isAfter(since);
    }

    /** RFC 9110 section 12.5.3: gzip (or *) with a non-zero weight, gzip not refused. */
    static boolean acceptsGzip(Headers headers) {
        double gzip = -1;
        double any = -1;
        for (String element : headers.tokens("Accept-Encoding")) {
            String[] parts = element.split(";");
            String coding = parts[0].strip();
            double weight = 1;
            for (int i = 1; i < parts.length; i++) {
                String parameter = parts[i].strip();
                if (parameter.startsWith("q=")) {
                    try {
                        weight = Double.parseDouble(parameter.substring(2));
                    } catch (NumberFormatException e) {
                        weight = 0;
                    }
                }
            }
            if (coding.equals("gzip") || coding.equals("x-gzip")) {
                gzip = weight;
            } else if (coding.equals("*")) {
                any = weight;
            }
        }
        return gzip > 0 || (gzip < 0 && any > 0);
    }
}
