package io.ably4j.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.emulator.internal.Frame;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A replay written in one engine task (here a rewind of 100 messages, 4.3 MB in all) that is larger than the outbound
 * queue limit (4 MiB by default) reaches a client that reads: the emulator hands its output to the socket as it goes,
 * and only what the socket does not take counts against the limit. Before, the frames of the task were all held
 * unflushed and the subscriber was disconnected as a slow consumer before anything was sent.
 */
class ReplayOutboundTest {
    private static final int MESSAGES = 100;
    private static final int DATA = 43_000;

    private final Emulator emu = Emulator.builder()
            .key("app.key:secret", "{\"pub\":[\"publish\",\"subscribe\"]}")
            .build();

    @AfterEach
    void stop() {
        emu.close();
    }

    @Test
    void aRewindLargerThanTheOutboundLimitReachesAReadingClient() throws Exception {
        assertThat((long) MESSAGES * DATA).isGreaterThan(4L << 20);
        String data = "x".repeat(DATA);
        try (RawWs pub = RawWs.open(emu);
                RawWs sub = RawWs.open(emu)) {
            pub.send(List.of("{\"action\":10,\"channel\":\"pub\"}"));
            pub.await(Frame.ATTACHED);
            for (int i = 0; i < MESSAGES; i += 10) {
                List<String> batch = new ArrayList<>();
                for (int j = i; j < i + 10; j++) {
                    batch.add("{\"action\":15,\"channel\":\"pub\",\"msgSerial\":" + j + ",\"messages\":[{\"data\":\""
                            + data + "\"}]}");
                }
                pub.send(batch);
                pub.acks(10);
            }

            sub.send(List.of("{\"action\":10,\"channel\":\"[?rewind=100]pub\"}"));
            sub.await(Frame.ATTACHED);
            int replayed = 0;
            while (replayed < MESSAGES) {
                byte[] text = sub.nextText(); // a closed connection ends this with an EOFException
                if (text.length > DATA) {
                    replayed++;
                }
            }
            // still connected: a live message arrives after the replay
            pub.send(List.of("{\"action\":15,\"channel\":\"pub\",\"msgSerial\":" + MESSAGES
                    + ",\"messages\":[{\"name\":\"live\",\"data\":\"after\"}]}"));
            Frame live = sub.await(Frame.MESSAGE);
            assertThat(live.maps("messages").get(0)).containsEntry("name", "live");
        }
    }
}
