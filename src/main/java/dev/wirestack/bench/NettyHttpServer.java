package dev.wirestack.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.AsciiString;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.concurrent.TimeUnit;

/**
 * The Netty yardstick of {@code wirestack bench http}: Netty's HTTP/1.1 codec on its NIO transport, written as
 * Netty's own hello-world example is (a {@link HttpServerCodec} and one handler; responses are written as requests
 * are read and flushed once per read, so pipelined responses share a write). It answers every request with the same
 * 13-byte text/plain body and the same fields as the other servers (Date, Content-Type, Content-Length), keeping
 * the connection alive unless the request asks otherwise. As Netty servers built for throughput do, the fixed values
 * are {@link AsciiString} constants and the Date is formatted once a second, not per response: Wirestack's server
 * does the same ({@code DateField}), so neither pays for what the other does not.
 *
 * <p>Netty is only here, in the benchmark: {@code LayeringTest} keeps it out of every other package.
 */
final class NettyHttpServer implements AutoCloseable {
    private static final byte[] BODY = HttpBenchmark.BODY.getBytes(StandardCharsets.US_ASCII);
    private static final AsciiString CONTENT_TYPE = AsciiString.cached("text/plain; charset=utf-8");
    private static final AsciiString CONTENT_LENGTH = AsciiString.cached(Integer.toString(BODY.length));
    /** The Date value of the current second, shared by the event loops: immutable, replaced whole. */
    private static volatile FormattedDate date = new FormattedDate(Long.MIN_VALUE, AsciiString.EMPTY_STRING);

    private record FormattedDate(long second, AsciiString text) {
    }

    private final EventLoopGroup acceptor;
    private final EventLoopGroup workers;
    private final Channel listening;

    private NettyHttpServer(EventLoopGroup acceptor, EventLoopGroup workers, Channel listening) {
        this.acceptor = acceptor;
        this.workers = workers;
        this.listening = listening;
    }

    /** Listens on an ephemeral port of {@code address} with {@code threads} event loops serving connections. */
    static NettyHttpServer start(InetAddress address, int threads) throws InterruptedException {
        EventLoopGroup acceptor = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
        try {
            Channel channel = new ServerBootstrap()
                    .group(acceptor, workers)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), new HelloHandler());
                        }
                    })
                    .bind(new InetSocketAddress(address, 0)).sync().channel();
            return new NettyHttpServer(acceptor, workers, channel);
        } catch (RuntimeException | InterruptedException e) {
            acceptor.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
    }

    int port() {
        return ((InetSocketAddress) listening.localAddress()).getPort();
    }

    @Override
    public void close() {
        listening.close().syncUninterruptibly();
        acceptor.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** The Date value (RFC 9110 section 6.6.1) of the current second, formatted once a second. */
    private static AsciiString date() {
        long second = Math.floorDiv(System.currentTimeMillis(), 1000);
        FormattedDate cached = date;
        if (cached.second() != second) {
            cached = new FormattedDate(second, new AsciiString(DateFormatter.format(new Date(second * 1000))));
            date = cached;
        }
        return cached.text();
    }

    /** Answers each request head; the codec's body chunks (none for wrk's GETs) are ignored. */
    private static final class HelloHandler extends SimpleChannelInboundHandler<HttpObject> {
        @Override
        protected void channelRead0(ChannelHandlerContext context, HttpObject message) {
            if (!(message instanceof HttpRequest request)) {
                return;
            }
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(),
                    HttpResponseStatus.OK, Unpooled.wrappedBuffer(BODY));
            response.headers()
                    .set(HttpHeaderNames.DATE, date())
                    .set(HttpHeaderNames.CONTENT_TYPE, CONTENT_TYPE)
                    .set(HttpHeaderNames.CONTENT_LENGTH, CONTENT_LENGTH);
            if (!keepAlive) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                context.write(response).addListener(ChannelFutureListener.CLOSE);
            } else {
                if (!request.protocolVersion().isKeepAliveDefault()) {
                    response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                }
                context.write(response);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext context) {
            context.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            context.close();
        }
    }
}
