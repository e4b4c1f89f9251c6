package io.ably4j.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.emulator.internal.Frame;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The publishes of one socket read are acknowledged by one ACK per run of consecutive msgSerials, with {@code count}
 * N and one {@code res} entry per message (RTN7a, RTN7b); a NACK or a duplicate between them keeps its place. The
 * frames are written with one {@code write} on a raw socket, so that the emulator reads them together; the
 * connection has echo off, as a message echoed to the publisher is sent between two ACKs.
 */
class AckCoalescingTest {
    private final Emulator emu = Emulator.builder()
            .key("app.key:secret", "{\"pub\":[\"publish\",\"subscribe\"],\"sub\":[\"subscribe\"]}")
            .build();

    @AfterEach
    void stop() {
        emu.close();
    }

    @Test
    void RTN7a_consecutivePublishesReadTogetherGetOneAckWithTheirCount() throws Exception {
        try (RawWs ws = RawWs.open(emu)) {
            ws.send(List.of("{\"action\":10,\"channel\":\"pub\"}"));
            ws.await(Frame.ATTACHED);
            List<String> publishes = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                publishes.add(publish(i, "pub"));
            }
            ws.send(publishes);
            List<Frame> acks = ws.acks(10);
            assertThat(acks).hasSize(1);
            Frame ack = acks.get(0);
            assertThat(ack.action()).isEqualTo(Frame.ACK);
            assertThat(ack.fields()).containsEntry("msgSerial", 0L).containsEntry("count", 10L);
            List<Map<String, Object>> res = ack.maps("res");
            assertThat(res).hasSize(10);
            for (Map<String, Object> r : res) {
                assertThat((List<?>) r.get("serials"))
                        .singleElement()
                        .asString()
                        .contains("@");
            }
            assertThat(res.get(0).get("serials")).isNotEqualTo(res.get(9).get("serials"));
        }
    }

    @Test
    void RTN7a_aLongRunIsAcknowledgedEvery32Messages() throws Exception {
        // A publisher with many messages in flight gets its first ACKs while the rest of the read is handled.
        try (RawWs ws = RawWs.open(emu)) {
            ws.send(List.of("{\"action\":10,\"channel\":\"pub\"}"));
            ws.await(Frame.ATTACHED);
            List<String> publishes = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                publishes.add(publish(i, "pub"));
            }
            ws.send(publishes);
            assertThat(ws.acks(40))
                    .extracting(f -> List.of(f.action(), f.longValue("msgSerial"), f.longValue("count")))
                    .containsExactly(List.of(Frame.ACK, 0L, 32L), List.of(Frame.ACK, 32L, 8L));
        }
    }

    @Test
    void RTN7b_aNackOrADuplicateSplitsTheRunsInOrder() throws Exception {
        try (RawWs ws = RawWs.open(emu)) {
            ws.send(List.of("{\"action\":10,\"channel\":\"pub\"}"));
            ws.await(Frame.ATTACHED);
            ws.send(List.of(
                    publish(0, "pub"),
                    publish(1, "pub"),
                    publish(2, "sub"), // no publish capability: NACK
                    publish(3, "pub"),
                    publish(1, "pub"), // duplicate: its remembered ACK
                    publish(4, "pub")));
            List<Frame> replies = ws.acks(6);
            assertThat(replies)
                    .extracting(f -> List.of(f.action(), f.longValue("msgSerial"), f.longValue("count")))
                    .containsExactly(
                            List.of(Frame.ACK, 0L, 2L),
                            List.of(Frame.NACK, 2L, 1L),
                            List.of(Frame.ACK, 3L, 1L),
                            List.of(Frame.ACK, 1L, 1L),
                            List.of(Frame.ACK, 4L, 1L));
            assertThat(replies.get(1).requireMap("error")).containsEntry("code", 40160L);
        }
    }

    @Test
    void RTN7a_publishesReadWithADisconnectAreAcknowledgedBeforeTheClose() throws Exception {
        try (RawWs ws = RawWs.open(emu)) {
            ws.send(List.of("{\"action\":10,\"channel\":\"pub\"}"));
            ws.await(Frame.ATTACHED);
            ws.send(List.of(publish(0, "pub"), publish(1, "pub"), "{\"action\":5}"));
            List<Frame> acks = ws.acks(2);
            assertThat(acks).hasSize(1);
            assertThat(acks.get(0).fields()).containsEntry("msgSerial", 0L).containsEntry("count", 2L);
        }
    }

    @Test
    void RTN7a_publishesReadWithAWebSocketCloseAreAcknowledgedBeforeTheClose() throws Exception {
        try (RawWs ws = RawWs.open(emu)) {
            ws.send(List.of("{\"action\":10,\"channel\":\"pub\"}"));
            ws.await(Frame.ATTACHED);
            ws.send(List.of(publish(0, "pub"), publish(1, "pub"), publish(2, "pub")), true);
            List<Frame> acks = ws.acks(3); // a connection closed without them ends this with an EOFException
            assertThat(acks).hasSize(1);
            assertThat(acks.get(0).fields()).containsEntry("msgSerial", 0L).containsEntry("count", 3L);
        }
    }

    private static String publish(long msgSerial, String channel) {
        return "{\"action\":15,\"msgSerial\":" + msgSerial + ",\"channel\":\"" + channel
                + "\",\"messages\":[{\"name\":\"n\",\"data\":\"d" + msgSerial + "\"}]}";
    }
}
