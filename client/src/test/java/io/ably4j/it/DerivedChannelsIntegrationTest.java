package io.ably4j.it;

import static io.ably4j.it.UtsSandbox.await;
import static io.ably4j.it.UtsSandbox.awaitFailure;
import static io.ably4j.it.UtsSandbox.poll;
import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ChannelEvent;
import io.ably4j.ChannelOptions;
import io.ably4j.ChannelState;
import io.ably4j.ChannelStateChange;
import io.ably4j.ConnectionState;
import io.ably4j.DeriveOptions;
import io.ably4j.MessageFilter;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.it.UtsSandbox.Protocol;
import io.ably4j.types.AblyException;
import io.ably4j.types.Json;
import io.ably4j.types.Message;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Derived channels (RTS5: server-side filters on {@code [filter=...]name}), the {@code rewind} param with HAS_BACKLOG
 * (RTL2i) and subscribe with a MessageFilter (RTL22) against the emulator, in JSON and msgpack.
 */
class DerivedChannelsIntegrationTest {
    private static UtsSandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = UtsSandbox.start();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @AfterEach
    void closeClients() throws Exception {
        sandbox.closeClients();
    }

    private static RealtimeClient connected(Protocol protocol) throws Exception {
        RealtimeClient client = sandbox.client(UtsSandbox.API_KEY, protocol);
        client.connect();
        await(client.connection().whenState(ConnectionState.CONNECTED));
        return client;
    }

    private static Message withHeaders(String name, String data, String headersJson) {
        return Message.builder()
                .name(name)
                .data(data)
                .extras(Json.parse("{\"headers\":" + headersJson + "}"))
                .build();
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTS5_derivedChannelReceivesOnlyMatchingMessages(Protocol protocol) throws Exception {
        String base = "derived-" + UtsSandbox.randomId();
        RealtimeClient publisher = connected(protocol);
        RealtimeClient subscriber = connected(protocol);
        RealtimeChannel derived = subscriber
                .channels()
                .getDerived(base, DeriveOptions.filter("name == 'ice-cream' && headers.cost < `50`"));
        RealtimeChannel plain = subscriber.channels().get(base);
        LinkedBlockingQueue<Message> filtered = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<Message> all = new LinkedBlockingQueue<>();
        derived.subscribe(filtered::add);
        plain.subscribe(all::add);
        await(derived.whenState(ChannelState.ATTACHED));
        await(plain.whenState(ChannelState.ATTACHED));
        assertThat(derived.name()).startsWith("[filter=").endsWith("]" + base);

        RealtimeChannel pub = publisher.channels().get(base);
        await(pub.publish(
                withHeaders("ice-cream", "cheap", "{\"cost\":35}"),
                withHeaders("ice-cream", "dear", "{\"cost\":80}"),
                withHeaders("cake", "cheap-cake", "{\"cost\":10}")));
        await(pub.publish("ice-cream", "no-headers"));
        await(pub.publish(withHeaders("ice-cream", "last", "{\"cost\":1}")));

        assertThat(poll(filtered, 2)).extracting(Message::data).containsExactly("cheap", "last");
        assertThat(poll(all, 5))
                .extracting(Message::data)
                .containsExactly("cheap", "dear", "cheap-cake", "no-headers", "last");
        assertThat(filtered).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTS5_invalidFilterFailsTheAttach(Protocol protocol) throws Exception {
        RealtimeClient client = connected(protocol);
        RealtimeChannel derived =
                client.channels().getDerived("derived-bad-" + UtsSandbox.randomId(), DeriveOptions.filter("name =="));
        AblyException e = awaitFailure(derived.attach());
        assertThat(e.errorInfo().code()).isEqualTo(40000);
        assertThat(derived.state()).isEqualTo(ChannelState.FAILED);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void rewindByCountDeliversTheBacklogAfterAttachedWithHasBacklog(Protocol protocol) throws Exception {
        String name = "rewind-" + UtsSandbox.randomId();
        RealtimeClient publisher = connected(protocol);
        RealtimeChannel pub = publisher.channels().get(name);
        for (int i = 1; i <= 3; i++) {
            await(pub.publish("m", "m" + i));
        }
        RealtimeClient late = connected(protocol);
        RealtimeChannel ch = late.channels()
                .get(name, ChannelOptions.builder().param("rewind", "2").build());
        LinkedBlockingQueue<Message> got = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<ChannelStateChange> attached = new LinkedBlockingQueue<>();
        ch.on(ChannelEvent.ATTACHED, attached::add);
        ch.subscribe(got::add);
        assertThat(poll(got, 2)).extracting(Message::data).containsExactly("m2", "m3");
        assertThat(poll(attached).hasBacklog()).isTrue();
        assertThat(ch.params()).containsEntry("rewind", "2");

        RealtimeChannel empty = late.channels()
                .get(
                        name + "-empty",
                        ChannelOptions.builder().param("rewind", "5").build());
        LinkedBlockingQueue<ChannelStateChange> emptyAttached = new LinkedBlockingQueue<>();
        empty.on(ChannelEvent.ATTACHED, emptyAttached::add);
        await(empty.attach());
        assertThat(poll(emptyAttached).hasBacklog()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void rewindByPeriodOnADerivedChannelReplaysTheMatchingMessages(Protocol protocol) throws Exception {
        String base = "rewind-derived-" + UtsSandbox.randomId();
        RealtimeClient publisher = connected(protocol);
        RealtimeChannel pub = publisher.channels().get(base);
        await(pub.publish("keep", "k1"));
        await(pub.publish("drop", "d1"));
        await(pub.publish("keep", "k2"));
        RealtimeClient late = connected(protocol);
        RealtimeChannel derived = late.channels()
                .getDerived(
                        base,
                        DeriveOptions.filter("name == 'keep'"),
                        ChannelOptions.builder().param("rewind", "1m").build());
        assertThat(derived.name()).contains("?rewind=1m]");
        LinkedBlockingQueue<Message> got = new LinkedBlockingQueue<>();
        derived.subscribe(got::add);
        assertThat(poll(got, 2)).extracting(Message::data).containsExactly("k1", "k2");
        await(pub.publish("keep", "k3"));
        assertThat(poll(got)).extracting(Message::data).isEqualTo("k3");
        assertThat(got).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTL22_messageFilterOnLiveMessages(Protocol protocol) throws Exception {
        String name = "mfilter-" + UtsSandbox.randomId();
        RealtimeClient publisher = connected(protocol);
        RealtimeClient subscriber = connected(protocol);
        RealtimeChannel sub = subscriber.channels().get(name);
        LinkedBlockingQueue<Message> replies = new LinkedBlockingQueue<>();
        sub.subscribe(
                MessageFilter.builder().isRef(true).refType("com.ably.reply").build(), replies::add);
        await(sub.whenState(ChannelState.ATTACHED));
        RealtimeChannel pub = publisher.channels().get(name);
        await(pub.publish(Message.of("plain", "p1")));
        await(pub.publish(Message.builder()
                .name("reply")
                .data("r1")
                .extras(Json.parse("{\"ref\":{\"timeserial\":\"abc@1\",\"type\":\"com.ably.reply\"}}"))
                .build()));
        assertThat(poll(replies)).extracting(Message::data).isEqualTo("r1");
        assertThat(List.copyOf(replies)).isEmpty();
    }
}
