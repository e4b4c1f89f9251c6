package io.ably4j.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ChannelState;
import io.ably4j.ConnectionState;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.internal.connection.InboundBacklog;
import io.ably4j.testing.FakeRuntime;
import io.ably4j.testing.ManualExecutor;
import io.ably4j.testing.MockWebSocket.PendingConnection;
import io.ably4j.types.Message;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

/**
 * The inbound backlog bound end to end on the mock transport: a listener that does not keep up (its callback executor
 * is not drained) makes the client pause the transport's reading at the high watermark, the idle timer (RTN23a) is
 * suspended while paused, and once the listener catches up reading resumes and every message arrives once, in order.
 */
@NullUnmarked
class InboundBackpressureTest extends ChannelTestSupport {
    private static final String CH = "backpressure";
    /** Fixtures.connected(): maxIdleInterval 15 s, plus the default realtimeRequestTimeout of 10 s. */
    private static final long IDLE_TIMEOUT_MS = 25_000;

    private final ManualExecutor listeners = new ManualExecutor();
    private final List<String> received = new ArrayList<>();
    private final List<ConnectionState> states = new ArrayList<>();

    private RealtimeClient subscribed() {
        autoAttachServer();
        RealtimeClient client = connectedClient(b -> b.callbackExecutor(listeners));
        client.connection().on(c -> states.add(c.current()));
        RealtimeChannel ch = client.channels().get(CH);
        fire(ch.attach());
        rt.drain();
        listeners.drain(); // the attach future and the state events
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHED);
        ch.subscribe(m -> received.add(String.valueOf(m.data())));
        return client;
    }

    private void send(int from, int to) {
        for (int i = from; i < to; i++) {
            toClient(ProtocolMessage.builder(Action.MESSAGE)
                    .channel(CH)
                    .messages(List.of(Message.builder().name("n").data("m" + i).build()))
                    .build());
        }
    }

    private static List<String> expected(int n) {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add("m" + i);
        }
        return all;
    }

    @Test
    void readingPausesAtTheHighWatermarkAndResumesBelowTheLowOne_nothingLostOrReordered() {
        RealtimeClient client = subscribed();
        InboundBacklog backlog = FakeRuntime.manager(client).backlog();
        PendingConnection conn = ws.activeConnection();
        int max = backlog.maxFrames();

        send(0, max - 1);
        rt.drain();
        assertThat(conn.readPauses).isEmpty();
        assertThat(backlog.frames()).isEqualTo(max - 1); // dispatched; their listener calls wait

        send(max - 1, max + 500);
        rt.drain();
        assertThat(conn.readPauses).containsExactly(true);
        assertThat(backlog.frames()).isEqualTo(max); // the mock reads nothing after the pause
        assertThat(conn.heldFrames()).isEqualTo(500); // left with the "server" (TCP flow control)
        assertThat(received).isEmpty();

        listeners.drain(); // the listener catches up: reading resumes, the held messages follow
        rt.drain();
        listeners.drain();
        assertThat(conn.readPauses).containsExactly(true, false);
        assertThat(received).isEqualTo(expected(max + 500));
        assertThat(backlog.frames()).isZero();
        assertThat(backlog.bytes()).isZero();
        assertThat(backlog.peakFrames()).isEqualTo(max);
    }

    @Test
    void RTN23a_idleTimerSuspendedWhileReadingIsPaused_restartedOnResume() {
        RealtimeClient client = subscribed();
        InboundBacklog backlog = FakeRuntime.manager(client).backlog();
        PendingConnection conn = ws.activeConnection();
        send(0, backlog.maxFrames() + 10);
        rt.drain();
        assertThat(backlog.readingPaused()).isTrue();

        rt.advanceMillis(4 * IDLE_TIMEOUT_MS); // silence of the client's own making: not a dead connection
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);

        listeners.drain();
        rt.drain();
        listeners.drain();
        assertThat(backlog.readingPaused()).isFalse();
        assertThat(conn.readPauses).containsExactly(true, false);
        assertThat(states).doesNotContain(ConnectionState.DISCONNECTED);

        rt.advanceMillis(IDLE_TIMEOUT_MS - 100); // the clock restarted at the resume
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        listeners.drain();
        assertThat(states).doesNotContain(ConnectionState.DISCONNECTED);
        rt.advanceMillis(200); // and a silence after it still counts (RTN23a): the mock server reconnects it at once
        listeners.drain();
        assertThat(states).containsSubsequence(ConnectionState.DISCONNECTED, ConnectionState.CONNECTING);
    }
}
