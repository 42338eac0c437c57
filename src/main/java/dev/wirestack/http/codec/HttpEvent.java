package dev.wirestack.http.codec;

import java.util.Objects;

/**
 * The events a connection receives from its peer and sends to it, as h11 models them: a message is a head, zero or
 * more {@link Data} and one {@link EndOfMessage}; {@link ConnectionClosed} is the end of the byte stream.
 */
public sealed interface HttpEvent extends Step {

    /** A request head. {@code target} is the request-target as sent (origin-form, absolute-form or "*"). */
    record Request(String method, String target, Headers headers, HttpVersion version) implements HttpEvent {
        public Request {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(headers, "headers");
            Objects.requireNonNull(version, "version");
        }

        public Request(String method, String target, Headers headers) {
            this(method, target, headers, HttpVersion.HTTP_1_1);
        }
    }

    /** A response head; a status below 200 is an interim (informational) response such as 100 Continue. */
    record Response(int status, String reason, Headers headers, HttpVersion version) implements HttpEvent {
        public Response {
            if (status < 100 || status > 999) {
                throw new IllegalArgumentException("a status code has three digits: " + status);
            }
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(headers, "headers");
            Objects.requireNonNull(version, "version");
        }

        public Response(int status, Headers headers) {
            this(status, StatusCodes.reason(status), headers, HttpVersion.HTTP_1_1);
        }

        public boolean isInformational() {
            return status < 200;
        }
    }

    /** A piece of a message body. The codec never keeps a reference to the array it is given or gives out. */
    record Data(byte[] bytes) implements HttpEvent {
        public Data {
            Objects.requireNonNull(bytes, "bytes");
        }
    }

    /** The end of a message body, with the trailer fields of a chunked body (else empty). */
    record EndOfMessage(Headers trailers) implements HttpEvent {
        public static final EndOfMessage NO_TRAILERS = new EndOfMessage(Headers.EMPTY);

        public EndOfMessage {
            Objects.requireNonNull(trailers, "trailers");
        }
    }

    /** The byte stream ended (received), or this side is closing it (sent). */
    record ConnectionClosed() implements HttpEvent {
    }
}
