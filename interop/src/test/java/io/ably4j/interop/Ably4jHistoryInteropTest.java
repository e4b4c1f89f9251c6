package io.ably4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ChannelOptions;
import io.ably4j.HistoryParams;
import io.ably4j.HistoryParams.Direction;
import io.ably4j.RealtimeChannel;
import io.ably4j.RestChannel;
import io.ably4j.RestClient;
import io.ably4j.emulator.Emulator;
import io.ably4j.types.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Message history across ably4j and ably-js (RSL2, RTL10, RSL6, RSL5): what one SDK publishes over REST (RSL1) and
 * realtime (RTL6), on a plain and on an encrypted channel, the other reads back from history with every field equal
 * (name, data and its type, no encoding left, clientId, connectionId, id, timestamp), and 250 messages read with a
 * page size of 100 arrive complete and in order over three pages (TG). Both SDKs read the same stored history, so
 * each test also compares the reader's items with the publisher's own read of them.
 */
class Ably4jHistoryInteropTest extends InteropBase {
    private static final int MANY = 250;
    private static final int PAGE = 100;
    private static final HistoryParams FORWARDS =
            HistoryParams.builder().direction(Direction.FORWARDS).limit(PAGE).build();

    /** A channel of the test, encrypted with {@link Ably4jCipherInteropTest#KEY_256} or not. */
    record Chan(String name, @Nullable String cipherKey) {
        ChannelOptions options() {
            return cipherKey == null ? ChannelOptions.defaults() : ChannelOptions.withCipherKey(cipherKey);
        }
    }

    static final List<Chan> CHANNELS =
            List.of(new Chan("history-plain", null), new Chan("history-encrypted", Ably4jCipherInteropTest.KEY_256));

    private RestClient rest(Emulator emu, Format format) {
        return track(new RestClient(Ably4jPeer.options(emu, format, KEY).build()));
    }

    private static List<Message> ably4jHistory(RestClient rest, Chan chan, List<Integer> pages) {
        RestChannel channel = rest.channels().get(chan.name(), chan.options());
        return PeerForm.allPages(channel.history(FORWARDS), pages, "REST history of " + chan.name());
    }

    private static List<Map<String, Object>> jsHistory(JsPeer js, Chan chan, boolean realtime, List<Long> pages) {
        Map<String, Object> reply = js.call(
                "history",
                PeerForm.args(
                        "channel", chan.name(), "cipherKey", chan.cipherKey(), "realtime", realtime, "limit", PAGE));
        if (reply.get("pages") instanceof List<?> sizes) {
            sizes.forEach(s -> pages.add(((Number) s).longValue()));
        }
        return JsPeer.objects(reply, "items");
    }

    private static String payloadName(String prefix, Payload p) {
        return prefix + "-" + p.name();
    }

    /**
     * ably4j publishes every payload kind over REST (library-generated idempotent ids, RSL1k1) and realtime (ids
     * from the connection, TM2a), plain and encrypted; ably-js's REST history returns each message exactly as
     * ably4j's own history read does. 250 messages published by ably4j in one REST request come back to ably-js in
     * pages of 100, 100 and 50, in order.
     */
    @ParameterizedTest
    @EnumSource(Format.class)
    void RSL2_RSL6_ably4jPublishesJsReadsHistory(Format format) {
        Emulator emu = start();
        RestClient rest = rest(emu, format);
        Ably4jPeer realtime = ably4j(emu, format);
        for (Chan chan : CHANNELS) {
            RestChannel restChannel = rest.channels().get(chan.name(), chan.options());
            for (Payload p : Payload.ALL) {
                Message m = Message.builder()
                        .name(payloadName("rest", p))
                        .data(p.ably4jValue())
                        .clientId("ably4j-rest")
                        .build();
                Ably4jPeer.await(restChannel.publish(m), "REST publish " + m.name());
            }
            RealtimeChannel realtimeChannel = realtime.client.channels().get(chan.name(), chan.options());
            for (Payload p : Payload.ALL) {
                realtime.publish(
                        realtimeChannel,
                        Message.builder()
                                .name(payloadName("realtime", p))
                                .data(p.ably4jValue())
                                .clientId("ably4j-realtime")
                                .build());
            }
        }
        Chan many = new Chan("history-many", null);
        List<Message> batch = IntStream.range(0, MANY)
                .mapToObj(i -> Message.of(String.format("many-%03d", i), Integer.toString(i)))
                .toList();
        Ably4jPeer.await(rest.channels().get(many.name()).publish(batch), "REST publish x" + MANY);

        JsPeer js = js("history-ably4j-publishes", emu, format);
        for (Chan chan : CHANNELS) {
            List<Map<String, Object>> items = jsHistory(js, chan, false, new ArrayList<>());
            List<Message> own = ably4jHistory(rest, chan, new ArrayList<>());
            assertThat(items).hasSize(2 * Payload.ALL.size());
            for (int i = 0; i < items.size(); i++) {
                Map<String, Object> item = items.get(i);
                boolean overRest = i < Payload.ALL.size();
                Payload p = Payload.ALL.get(i % Payload.ALL.size());
                assertThat(item.get("name")).isEqualTo(payloadName(overRest ? "rest" : "realtime", p));
                p.assertAtJs(item);
                assertThat(item.get("clientId")).isEqualTo(overRest ? "ably4j-rest" : "ably4j-realtime");
                String id = JsPeer.string(item, "id");
                if (overRest) {
                    assertThat(id).as("RSL1k1 id of a one-message request").matches("[A-Za-z0-9+/=_-]+:0");
                } else {
                    assertThat(id).as("TM2a id").startsWith(realtime.connectionId() + ":");
                    assertThat(item.get("connectionId")).isEqualTo(realtime.connectionId());
                }
            }
            assertThat(PeerForm.project(items, PeerForm.MESSAGE_FIELDS))
                    .as("ably-js and ably4j read the same history of %s", chan.name())
                    .isEqualTo(PeerForm.messages(own));
        }
        // Without the key, ably-js sees what ably4j stored on the encrypted channel: ciphertext only.
        Map<String, Object> raw = js.call("history", "channel", CHANNELS.get(1).name(), "plain", true);
        assertThat(JsPeer.objects(raw, "items")).hasSize(2 * Payload.ALL.size()).allSatisfy(item -> {
            assertThat(String.valueOf(item.get("encoding"))).endsWith("cipher+aes-256-cbc");
            assertThat(JsPeer.object(item, "data").get("t")).isEqualTo("binary");
        });

        List<Long> pages = new ArrayList<>();
        List<Map<String, Object>> manyItems = jsHistory(js, many, false, pages);
        assertThat(pages).containsExactly(100L, 100L, 50L);
        assertThat(manyItems)
                .extracting(e -> e.get("name"))
                .containsExactlyElementsOf(batch.stream().map(Message::name).toList());
        assertThat(manyItems)
                .allSatisfy(e -> assertThat(JsPeer.object(e, "data").get("t")).isEqualTo("string"));
        assertThat(JsPeer.object(manyItems.get(MANY - 1), "data")).isEqualTo(JsPeer.data(Integer.toString(MANY - 1)));
        // RSL1k1: one random base for the request, then the message's index in it
        String base = JsPeer.string(manyItems.get(0), "id").replaceFirst(":0$", "");
        assertThat(manyItems)
                .extracting(e -> e.get("id"))
                .containsExactlyElementsOf(
                        IntStream.range(0, MANY).mapToObj(i -> base + ":" + i).toList());
    }

    /**
     * ably-js publishes every payload kind over REST and realtime, plain and encrypted; ably4j's {@code
     * RestChannel.history} and {@code RealtimeChannel.history} (RTL10) return each message exactly as ably-js's own
     * history read does. 250 messages published by ably-js in one REST request come back to both ably4j reads in
     * pages of 100, 100 and 50, in order.
     */
    @ParameterizedTest
    @EnumSource(Format.class)
    void RSL2_RTL10_jsPublishesAbly4jReadsHistory(Format format) {
        Emulator emu = start();
        JsPeer js = js("history-js-publishes", emu, format);
        String jsConnection =
                JsPeer.string(js.call("connect", "auth", "key", "clientId", "js-realtime"), "connectionId");
        for (Chan chan : CHANNELS) {
            for (Payload p : Payload.ALL) {
                js.call(
                        "publish",
                        PeerForm.args(
                                "channel",
                                chan.name(),
                                "cipherKey",
                                chan.cipherKey(),
                                "rest",
                                true,
                                "name",
                                payloadName("rest", p),
                                "data",
                                p.jsValue(),
                                "clientId",
                                "js-rest"));
            }
            for (Payload p : Payload.ALL) {
                js.call(
                        "publish",
                        PeerForm.args(
                                "channel",
                                chan.name(),
                                "cipherKey",
                                chan.cipherKey(),
                                "name",
                                payloadName("realtime", p),
                                "data",
                                p.jsValue()));
            }
        }
        Chan many = new Chan("history-many", null);
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < MANY; i++) {
            batch.add(Map.of("name", String.format("many-%03d", i), "data", JsPeer.data(Integer.toString(i))));
        }
        js.call("publishMessages", "channel", many.name(), "rest", true, "messages", batch);

        RestClient rest = rest(emu, format);
        Ably4jPeer realtime = ably4j(emu, format);
        for (Chan chan : CHANNELS) {
            List<Message> viaRest = ably4jHistory(rest, chan, new ArrayList<>());
            RealtimeChannel realtimeChannel = realtime.client.channels().get(chan.name(), chan.options());
            List<Message> viaRealtime =
                    PeerForm.allPages(realtimeChannel.history(FORWARDS), "realtime history of " + chan.name());
            assertThat(viaRest).hasSize(2 * Payload.ALL.size());
            for (int i = 0; i < viaRest.size(); i++) {
                Message m = viaRest.get(i);
                boolean overRest = i < Payload.ALL.size();
                Payload p = Payload.ALL.get(i % Payload.ALL.size());
                assertThat(m.name()).isEqualTo(payloadName(overRest ? "rest" : "realtime", p));
                p.assertAtAbly4j(m);
                assertThat(m.clientId()).isEqualTo(overRest ? "js-rest" : "js-realtime");
                assertThat(m.id()).isNotNull();
                if (!overRest) {
                    assertThat(m.connectionId()).isEqualTo(jsConnection);
                    assertThat(m.id()).startsWith(jsConnection + ":");
                }
            }
            List<Map<String, @Nullable Object>> expected =
                    PeerForm.project(jsHistory(js, chan, false, new ArrayList<>()), PeerForm.MESSAGE_FIELDS);
            assertThat(PeerForm.messages(viaRest))
                    .as("RestChannel.history of %s", chan.name())
                    .isEqualTo(expected);
            assertThat(PeerForm.messages(viaRealtime))
                    .as("RealtimeChannel.history of %s", chan.name())
                    .isEqualTo(expected);
        }

        List<String> names = batch.stream().map(m -> (String) m.get("name")).toList();
        List<Integer> restPages = new ArrayList<>();
        assertThat(ably4jHistory(rest, many, restPages))
                .extracting(Message::name)
                .containsExactlyElementsOf(names);
        assertThat(restPages).containsExactly(100, 100, 50);
        List<Integer> realtimePages = new ArrayList<>();
        List<Message> viaRealtime = PeerForm.allPages(
                realtime.client.channels().get(many.name()).history(FORWARDS), realtimePages, "realtime history x250");
        assertThat(viaRealtime).extracting(Message::name).containsExactlyElementsOf(names);
        assertThat(viaRealtime.get(MANY - 1).data()).isEqualTo(Integer.toString(MANY - 1));
        assertThat(realtimePages).containsExactly(100, 100, 50);
    }
}
