package io.ably4j.emulator.internal;

import io.ably4j.emulator.RefuseMode;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.DefaultMessageSizeEstimator;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MessageSizeEstimator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The Netty listeners: REST routes and the WebSocket upgrade at {@code /} on the main port, whose connections are
 * served on the engine thread ({@link Engine#loopGroup}), and the admin port on this server's own event loops.
 */
public final class NettyServer {
    private final Engine engine;
    private final RestApi rest;
    private final @Nullable SslContext ssl;
    private final EventLoopGroup group;
    /** Flushes at most this many frames late (Netty's FlushConsolidationHandler). */
    private static final int FLUSH_BATCH = 64;

    /** Counts queued frames by their estimated size so that the outbound bound covers them too. */
    private static final MessageSizeEstimator FRAME_SIZE_ESTIMATOR = new MessageSizeEstimator() {
        private final MessageSizeEstimator.Handle fallback = DefaultMessageSizeEstimator.DEFAULT.newHandle();

        @Override
        public Handle newHandle() {
            return msg -> msg instanceof Frame f ? f.estimatedSize() : fallback.size(msg);
        }
    };

    private final List<Channel> listeners = new ArrayList<>();
    /** Every accepted connection still open (REST, WebSocket, not yet upgraded); closed ones leave by themselves. */
    private final ChannelGroup connections = new DefaultChannelGroup("ably4j-emulator", GlobalEventExecutor.INSTANCE);

    private final java.util.concurrent.ExecutorService adminExecutor =
            java.util.concurrent.Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "ably4j-emulator-admin");
                t.setDaemon(true);
                return t;
            });

    public NettyServer(Engine engine, @Nullable SslContext ssl) {
        this.engine = engine;
        this.rest = new RestApi(engine);
        this.ssl = ssl;
        this.group = new MultiThreadIoEventLoopGroup(0, NioIoHandler.newFactory());
    }

    /** Binds the main listener; returns the bound port. */
    public int bind(String address, int port) throws InterruptedException {
        return bind(address, port, true, ch -> new HttpHandler());
    }

    /** Binds an extra HTTP listener (admin API) served by {@code handler} on an admin thread. */
    public int bindHttp(String address, int port, Function<RestApi.Request, RestApi.Response> handler)
            throws InterruptedException {
        return bindHttp(address, port, handler, r -> null);
    }

    /**
     * Binds an extra HTTP listener whose requests chosen by {@code streams} are answered with a server-sent-events
     * stream (the web console) and the others by {@code handler} on an admin thread.
     */
    public int bindHttp(
            String address, int port, Function<RestApi.Request, RestApi.Response> handler, SseStream.Router streams)
            throws InterruptedException {
        return bind(address, port, false, ch -> new PlainHttpHandler(handler, streams));
    }

    private int bind(
            String address, int port, boolean main, Function<SocketChannel, SimpleChannelInboundHandler<?>> last)
            throws InterruptedException {
        int limit = engine.config.outboundQueueLimit();
        ServerBootstrap b = new ServerBootstrap()
                .group(group, main ? engine.loopGroup() : group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(limit / 2, limit))
                .childOption(ChannelOption.MESSAGE_SIZE_ESTIMATOR, FRAME_SIZE_ESTIMATOR)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        if (main && engine.faults.refuse() == RefuseMode.RESET) {
                            ch.config().setOption(ChannelOption.SO_LINGER, 0);
                            Transport.watch(ch.close());
                            return;
                        }
                        // Coalesces flushes of HTTP replies written while a read is in progress (one syscall per
                        // batch); a WebSocket connection drops it at the upgrade, as engine tasks flush their own
                        // writes.
                        ch.pipeline().addLast(new FlushConsolidationHandler(FLUSH_BATCH, true));
                        if (main && ssl != null) {
                            ch.pipeline().addLast(ssl.newHandler(ch.alloc()));
                        }
                        ch.pipeline()
                                .addLast(new HttpServerCodec())
                                .addLast(new HttpObjectAggregator(Math.max(1 << 20, engine.config.maxFrameSize() * 2)))
                                .addLast(last.apply(ch));
                    }
                });
        Channel ch = b.bind(address, port).sync().channel();
        listeners.add(ch);
        return ((InetSocketAddress) ch.localAddress()).getPort();
    }

    /** Stops accepting connections; the accepted ones stay open. Idempotent. */
    public void stopAccepting() {
        for (Channel ch : listeners) {
            ch.close().awaitUninterruptibly();
        }
    }

    /**
     * Stops accepting, closes every accepted connection and waits (bounded) until they are closed, then stops the
     * event loops: the connections close while the loops still run, so every client sees its socket close. Idempotent.
     */
    public void close() {
        stopAccepting();
        connections.close().awaitUninterruptibly(2, java.util.concurrent.TimeUnit.SECONDS);
        group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).awaitUninterruptibly();
        engine.shutdownLoop();
        adminExecutor.shutdownNow();
    }

    static RestApi.Request toRequest(FullHttpRequest req) {
        QueryStringDecoder qs = new QueryStringDecoder(req.uri());
        List<String> path = new ArrayList<>();
        for (String seg : qs.rawPath().split("/", -1)) {
            if (!seg.isEmpty()) {
                path.add(QueryStringDecoder.decodeComponent(seg));
            }
        }
        Map<String, String> query = new LinkedHashMap<>();
        qs.parameters().forEach((k, v) -> query.put(k, v.isEmpty() ? "" : v.get(0)));
        Map<String, String> headers = new LinkedHashMap<>();
        req.headers().forEach(e -> headers.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
        return new RestApi.Request(req.method().name(), path, query, headers, ByteBufUtil.getBytes(req.content()));
    }

    /**
     * Whether an admin request comes from a page of the admin port itself, or from no page at all: browsers send
     * {@code Origin} with cross-origin requests (and with same-origin POSTs), other HTTP clients don't.
     */
    static boolean sameOrigin(RestApi.Request r) {
        String origin = r.headers().get("origin");
        String host = r.headers().get("host");
        if (origin == null) {
            return true;
        }
        // Host must name loopback too: a page whose own name was re-resolved to 127.0.0.1 (DNS rebinding) sends an
        // Origin that matches its Host.
        return host != null
                && origin.equals("http://" + host)
                && (host.startsWith("127.0.0.1:") || host.startsWith("localhost:") || host.startsWith("[::1]:"));
    }

    /** {@code handler}'s response, or a 500 for an unexpected exception: every request gets an answer. */
    static RestApi.Response handled(java.util.function.Supplier<RestApi.Response> handler) {
        try {
            return handler.get();
        } catch (RuntimeException e) {
            return RestApi.error(new ErrorInfo(50000, 500, "Emulator error: " + e), false);
        }
    }

    /**
     * Writes {@code r}; {@code cors} adds {@code Access-Control-Allow-Origin: *}, as Ably's REST API does (browser SDKs
     * call it from any origin). Admin responses never carry it.
     */
    static void respond(ChannelHandlerContext ctx, boolean keepAlive, RestApi.Response r, boolean cors) {
        FullHttpResponse resp = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()), Unpooled.wrappedBuffer(r.body()));
        resp.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
        resp.headers().set(HttpHeaderNames.CONTENT_LENGTH, r.body().length);
        if (cors) {
            resp.headers().set("Access-Control-Allow-Origin", "*");
        }
        r.headers().forEach((k, v) -> resp.headers().set(k, v));
        if (keepAlive) {
            resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            Transport.watch(ctx.writeAndFlush(resp));
        } else {
            ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** REST or WebSocket upgrade. */
    private final class HttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            QueryStringDecoder qs = new QueryStringDecoder(req.uri());
            boolean upgrade = req.headers().contains(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
            if (upgrade && qs.path().equals("/")) {
                upgrade(ctx, req, qs);
                return;
            }
            RestApi.Request r = toRequest(req);
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            engine.runOrExecute(() -> respond(ctx, keepAlive, handled(() -> rest.handle(r)), true));
        }

        private void upgrade(ChannelHandlerContext ctx, FullHttpRequest req, QueryStringDecoder qs) {
            if (engine.faults.refuse() == RefuseMode.HTTP_503) {
                respond(
                        ctx,
                        false,
                        RestApi.error(new ErrorInfo(80003, 503, "Service unavailable (emulator refusing)"), false),
                        true);
                return;
            }
            Map<String, String> query = new LinkedHashMap<>();
            qs.parameters().forEach((k, v) -> query.put(k, v.isEmpty() ? "" : v.get(0)));
            String agentHeader = req.headers().get("Ably-Agent");
            if (agentHeader != null && !query.containsKey("agent")) {
                query.put("agent", agentHeader);
            }
            boolean json = !"msgpack".equals(query.get("format"));
            boolean protocolHeartbeats = !"false".equals(query.get("heartbeats"));
            String scheme = ssl != null ? "wss" : "ws";
            int maxFrame = engine.config.maxFrameSize();
            WebSocketServerHandshakerFactory factory = new WebSocketServerHandshakerFactory(
                    scheme + "://" + req.headers().get(HttpHeaderNames.HOST) + "/",
                    null,
                    WebSocketDecoderConfig.newBuilder()
                            .maxFramePayloadLength(maxFrame * 4L > Integer.MAX_VALUE ? Integer.MAX_VALUE : maxFrame * 4)
                            .allowExtensions(false)
                            .build());
            WebSocketServerHandshaker hs = factory.newHandshaker(req);
            if (hs == null) {
                Transport.watch(WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel()));
                return;
            }
            Channel ch = ctx.channel();
            Transport t = new Transport(ch, engine, json, protocolHeartbeats, query);
            hs.handshake(ch, req).addListener((ChannelFutureListener) f -> {
                if (!f.isSuccess()) {
                    Transport.watch(ch.close());
                    return;
                }
                ch.pipeline().remove(this);
                // Frames are now written by engine tasks on this connection's own thread and flushed when the task
                // ends (Engine#inTask); consolidating flushes further would only delay the early ACKs.
                if (ch.pipeline().get(FlushConsolidationHandler.class) != null) {
                    ch.pipeline().remove(FlushConsolidationHandler.class);
                }
                ch.pipeline()
                        .addLast(new WebSocketFrameAggregator(maxFrame * 4))
                        .addLast(new WsHandler(t))
                        .addLast(new FrameEncoder(json));
                ch.closeFuture().addListener(cf -> engine.runOrExecute(() -> engine.onTransportClosed(t, "closed")));
                engine.runOrExecute(() -> engine.onOpen(t));
            });
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            Engine.LOG.log(Level.DEBUG, "HTTP connection error", cause);
            Transport.watch(ctx.close());
        }
    }

    /**
     * Decoded WebSocket frames to the engine: the frames of one socket read go over as one engine task (one hand-off
     * per read instead of per frame), in which the transport also coalesces its ACKs ({@link Transport#receiveBatch}).
     */
    private final class WsHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
        private final Transport t;
        private List<Frame> batch = new ArrayList<>();

        WsHandler(Transport t) {
            this.t = t;
        }

        /** Hands the frames decoded so far to the engine; called before anything else this handler hands over. */
        private void handOff() {
            if (batch.isEmpty()) {
                return;
            }
            List<Frame> frames = batch;
            batch = new ArrayList<>();
            engine.runOrExecute(() -> t.receiveBatch(frames));
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            handOff();
            ctx.fireChannelReadComplete();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            handOff();
            ctx.fireChannelInactive();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (frame instanceof PingWebSocketFrame) {
                Transport.watch(
                        ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain())));
                return;
            }
            if (frame instanceof PongWebSocketFrame) {
                return;
            }
            if (frame instanceof CloseWebSocketFrame) {
                handOff(); // what came before the close is handled before the connection ends
                ctx.writeAndFlush(new CloseWebSocketFrame(1000, "")).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            byte[] bytes = ByteBufUtil.getBytes(frame.content());
            if (bytes.length > engine.config.maxFrameSize()) {
                handOff();
                ErrorInfo e = new ErrorInfo(
                        40009,
                        400,
                        "Frame of " + bytes.length + " bytes exceeds maxFrameSize " + engine.config.maxFrameSize());
                engine.runOrExecute(() -> engine.fatal(t, e));
                return;
            }
            Frame decoded;
            try {
                decoded = Frame.wrap(
                        t.json
                                ? Wire.decodeJsonObject(new String(bytes, StandardCharsets.UTF_8))
                                : Wire.decodeMsgpackObject(bytes));
            } catch (Wire.MalformedException e) {
                ErrorInfo err = new ErrorInfo(40000, 400, "Malformed protocol message: " + e.getMessage());
                handOff();
                engine.runOrExecute(() -> engine.fatal(t, err));
                return;
            }
            batch.add(decoded);
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (!ctx.channel().isWritable()) {
                engine.runOrExecute(t::overflowIfUnwritable);
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            Engine.LOG.log(Level.DEBUG, "WebSocket error: {0}", cause.toString());
            handOff();
            ErrorInfo err = new ErrorInfo(40000, 400, "Protocol error: " + cause.getMessage());
            engine.runOrExecute(() -> engine.fatal(t, err));
            Runnable hardClose = () -> Transport.watch(ctx.close());
            Transport.watch(ctx.channel().eventLoop().schedule(hardClose, 1, java.util.concurrent.TimeUnit.SECONDS));
        }
    }

    /** Encodes frames for the connection's format. */
    private static final class FrameEncoder extends MessageToMessageEncoder<Frame> {
        private final boolean json;

        FrameEncoder(boolean json) {
            super(Frame.class);
            this.json = json;
        }

        @Override
        protected void encode(ChannelHandlerContext ctx, Frame msg, List<Object> out) {
            Object encoded = msg.encode(json);
            if (encoded instanceof String text) {
                out.add(new TextWebSocketFrame(text));
            } else {
                out.add(new BinaryWebSocketFrame(Unpooled.wrappedBuffer((byte[]) encoded)));
            }
        }
    }

    /** Plain HTTP for the admin API. */
    private final class PlainHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final Function<RestApi.Request, RestApi.Response> handler;
        private final SseStream.Router streams;

        PlainHttpHandler(Function<RestApi.Request, RestApi.Response> handler, SseStream.Router streams) {
            this.handler = handler;
            this.streams = streams;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            RestApi.Request r = toRequest(req);
            if (!sameOrigin(r)) { // a web page of another origin may not drive faults or read the admin state
                respond(
                        ctx,
                        false,
                        RestApi.error(
                                new ErrorInfo(40300, 403, "Cross-origin requests to the admin port are refused"),
                                false),
                        false);
                return;
            }
            java.util.function.Consumer<SseStream> open = streams.route(r);
            if (open != null) {
                SseStream.start(ctx, SseStream.CAPACITY, open);
                return;
            }
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            // admin handlers call blocking engine APIs, so they run on their own thread
            adminExecutor.execute(() -> respond(ctx, keepAlive, handled(() -> handler.apply(r)), false));
        }
    }
}
