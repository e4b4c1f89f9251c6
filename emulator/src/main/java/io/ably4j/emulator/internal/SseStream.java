package io.ably4j.emulator.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One server-sent-events response (the web console's live stream) on an HTTP connection of the admin listener.
 *
 * <p>Threading: {@link #send} may be called from any thread (the engine thread, through an event log listener); it
 * only queues the event, which is rendered and written on the connection's event loop. The queue is bounded: when
 * {@code capacity} events wait (the browser reads too slowly or Netty's outbound buffer is above its high-water
 * mark), the oldest queued event is discarded and counted, and the next event written is preceded by a {@code
 * dropped} event with that count. When the connection closes, the close actions run once (on the event loop) and
 * later events are ignored.
 */
public final class SseStream {
    /** Events queued per stream before the oldest are discarded. */
    public static final int CAPACITY = 1000;

    private final Channel channel;
    private final int capacity;
    private final ArrayDeque<Supplier<String>> queue = new ArrayDeque<>();
    private final List<Runnable> onClose = new ArrayList<>();
    private long dropped;
    private long reported;
    private boolean drainScheduled;
    private boolean closed;

    private SseStream(Channel channel, int capacity) {
        this.channel = channel;
        this.capacity = capacity;
    }

    /**
     * Answers the request on {@code ctx} with the head of an event stream, then passes the stream to {@code open}
     * (on the calling thread). Called on the connection's event loop.
     */
    static void start(ChannelHandlerContext ctx, int capacity, Consumer<SseStream> open) {
        Channel ch = ctx.channel();
        SseStream s = new SseStream(ch, capacity);
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        head.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        HttpUtil.setTransferEncodingChunked(head, true);
        // Keeps the connection from being read as another request and resumes the drain when the browser catches up.
        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelWritabilityChanged(ChannelHandlerContext c) {
                s.drain();
                c.fireChannelWritabilityChanged();
            }
        });
        // A comment line first, so the browser's EventSource reports the stream open at once.
        Transport.watch(ch.write(head));
        Transport.watch(ch.writeAndFlush(chunk(": ably4j emulator console\n\n")));
        ch.closeFuture().addListener(f -> s.closed());
        open.accept(s);
    }

    /** Queues one event whose {@code data} is rendered on the event loop; a no-op once the stream is closed. */
    public void send(Supplier<String> data) {
        boolean schedule;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (queue.size() >= capacity) {
                queue.removeFirst();
                dropped++;
            }
            queue.addLast(data);
            schedule = !drainScheduled;
            drainScheduled = true;
        }
        if (schedule) {
            channel.eventLoop().execute(this::drain);
        }
    }

    /** Runs {@code action} once when the stream ends (at once if it has ended). */
    public void onClose(Runnable action) {
        synchronized (this) {
            if (!closed) {
                onClose.add(action);
                return;
            }
        }
        action.run();
    }

    /** Events discarded so far because the queue was full. */
    public synchronized long dropped() {
        return dropped;
    }

    /** Events waiting to be written. */
    public synchronized int queued() {
        return queue.size();
    }

    private void drain() {
        boolean wrote = false;
        while (channel.isWritable()) {
            Supplier<String> next;
            long lost;
            synchronized (this) {
                next = queue.pollFirst();
                if (next == null) {
                    drainScheduled = false;
                    break;
                }
                lost = dropped - reported;
                reported = dropped;
            }
            StringBuilder sb = new StringBuilder();
            if (lost > 0) {
                sb.append("event: dropped\ndata: ").append(lost).append("\n\n");
            }
            String text;
            try {
                text = next.get();
            } catch (RuntimeException e) { // one event that cannot be rendered must not silence the stream
                text = "{\"error\":\"event not rendered: " + e.getClass().getSimpleName() + "\"}";
            }
            for (String line : text.split("\n", -1)) {
                sb.append("data: ").append(line).append('\n');
            }
            sb.append('\n');
            Transport.watch(channel.write(chunk(sb.toString())));
            wrote = true;
        }
        if (!channel.isWritable()) {
            synchronized (this) {
                // channelWritabilityChanged drains again; a send meanwhile must not schedule a second drain
                drainScheduled = !queue.isEmpty();
            }
        }
        if (wrote) {
            channel.flush();
        }
    }

    private void closed() {
        List<Runnable> actions;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            queue.clear();
            actions = new ArrayList<>(onClose);
            onClose.clear();
        }
        for (Runnable r : actions) {
            r.run();
        }
    }

    private static DefaultHttpContent chunk(String s) {
        return new DefaultHttpContent(Unpooled.copiedBuffer(s, StandardCharsets.UTF_8));
    }

    /** Chooses the requests of an HTTP listener that are answered with an event stream. */
    @FunctionalInterface
    public interface Router {
        /**
         * Returns what opens the stream for this request, or null when the request is an ordinary one. Called on
         * the connection's event loop: it must only look at the request.
         */
        @Nullable
        Consumer<SseStream> route(RestApi.Request request);
    }
}
