package io.ably4j.emulator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The console's event stream: a bounded queue per browser, drained on the event loop, cleaned up on close. */
class SseStreamTest {
    private static String text(Object msg) {
        ByteBuf b = ((HttpContent) msg).content();
        try {
            return b.toString(StandardCharsets.UTF_8);
        } finally {
            b.release();
        }
    }

    @Test
    void aFullQueueDiscardsTheOldestEventsAndReportsHowManyBeforeTheNextOne() {
        EmbeddedChannel ch = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
        AtomicReference<SseStream> opened = new AtomicReference<>();
        SseStream.start(ch.pipeline().firstContext(), 3, opened::set);
        SseStream s = java.util.Objects.requireNonNull(opened.get());
        assertThat(ch.<Object>readOutbound()).isInstanceOf(HttpResponse.class);
        assertThat(text(ch.readOutbound())).startsWith(":");

        for (int i = 1; i <= 5; i++) {
            int n = i;
            s.send(() -> "{\"n\":" + n + "}");
        }
        assertThat(s.queued()).isEqualTo(3);
        assertThat(s.dropped()).isEqualTo(2);
        assertThat(ch.<Object>readOutbound())
                .as("nothing is written off the event loop")
                .isNull();

        ch.runPendingTasks();
        assertThat(text(ch.readOutbound())).isEqualTo("event: dropped\ndata: 2\n\ndata: {\"n\":3}\n\n");
        assertThat(text(ch.readOutbound())).isEqualTo("data: {\"n\":4}\n\n");
        assertThat(text(ch.readOutbound())).isEqualTo("data: {\"n\":5}\n\n");
        assertThat(s.queued()).isZero();

        s.send(() -> "a\nb");
        ch.runPendingTasks();
        assertThat(text(ch.readOutbound())).as("the loss is reported once").isEqualTo("data: a\ndata: b\n\n");
        ch.finishAndReleaseAll();
    }

    @Test
    void closingTheConnectionRunsTheCloseActionsOnceAndIgnoresLaterEvents() {
        EmbeddedChannel ch = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
        AtomicReference<SseStream> opened = new AtomicReference<>();
        SseStream.start(ch.pipeline().firstContext(), 10, opened::set);
        SseStream s = java.util.Objects.requireNonNull(opened.get());
        AtomicInteger closes = new AtomicInteger();
        s.onClose(closes::incrementAndGet);
        s.send(() -> "queued");

        assertThat(ch.close().isSuccess()).isTrue();
        ch.runPendingTasks();
        assertThat(closes).hasValue(1);
        assertThat(s.queued()).isZero();
        s.send(() -> "late");
        assertThat(s.queued()).isZero();
        s.onClose(closes::incrementAndGet);
        assertThat(closes).as("an action added after the close runs at once").hasValue(2);
        ch.finishAndReleaseAll();
    }
}
