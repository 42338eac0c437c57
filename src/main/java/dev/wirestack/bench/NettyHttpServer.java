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
 * the connection alive unless the request asks otherwise.
 *
 * <p>Netty is only here, in the benchmark: {@code LayeringTest} keeps it out of every other package.
 */
final class NettyHttpServer implements AutoCloseable {
    private static final byte[] BODY = HttpBenchmark.BODY.getBytes(StandardCharsets.US_ASCII);
    private static final String CONTENT_TYPE = "text/plain; charset=utf-8";

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
                    .set(HttpHeaderNames.DATE, DateFormatter.format(new Date()))
                    .set(HttpHeaderNames.CONTENT_TYPE, CONTENT_TYPE)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, BODY.length);
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
