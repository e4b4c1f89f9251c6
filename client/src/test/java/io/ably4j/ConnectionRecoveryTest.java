package io.ably4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.internal.connection.RecoveryKey;
import io.ably4j.testing.FakeRuntime;
import io.ably4j.testing.Fixtures;
import io.ably4j.testing.MockWebSocket.PendingConnection;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.Json;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * UTS {@code realtime/unit/connection/connection_recovery_test.md} (RTN16), then further RTN16 cases named by spec
 * item.
 *
 * <p>The UTS filters the mock's {@code ws_frame} events for frames the client sent; here {@code rt.ws.sent(action)}
 * returns the decoded messages the client sent.
 */
@NullUnmarked // tests pass nulls and read nullable results on purpose
class ConnectionRecoveryTest {
    private final FakeRuntime rt = new FakeRuntime();

    @AfterEach
    void closeClients() {
        rt.close();
    }

    /** A recovery key as the UTS writes it: {@code toJson({connectionKey, msgSerial, channelSerials})}. */
    private static String recoveryKey(String connectionKey, long msgSerial, Map<String, String> channelSerials) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("connectionKey", connectionKey);
        m.put("msgSerial", msgSerial);
        m.put("channelSerials", channelSerials);
        return Json.of(m).text();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> fromJson(String text) {
        return (Map<String, Object>) Json.parse(text).toValue();
    }

    private static ProtocolMessage attached(String channel, String channelSerial) {
        return ProtocolMessage.builder(Action.ATTACHED)
                .channel(channel)
                .channelSerial(channelSerial)
                .build();
    }

    private static ProtocolMessage ack(long msgSerial) {
        return ProtocolMessage.builder(Action.ACK).msgSerial(msgSerial).count(1).build();
    }

    /** The decoded query parameters of every connection attempt, in order. */
    private List<Map<String, String>> attemptParams() {
        synchronized (rt.ws.connectAttempts) {
            return rt.ws.connectAttempts.stream()
                    .map(PendingConnection::queryParams)
                    .toList();
        }
    }

    // ---------------------------------------------------------------- UTS cases

    @Test
    void RTN16g_recovery_key_structure_0() {
        rt.ws.respondToEveryAttemptWith(Fixtures.connected("connection-1", "key-abc-123"));
        RealtimeClient client = rt.client(b -> b.autoConnect(false));
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        PendingConnection ws = rt.ws.activeConnection();

        RealtimeChannel channelA = client.channels().get("channel-alpha");
        RealtimeChannel channelB = client.channels().get("channel-éàü-世界");
        var unusedA = channelA.attach();
        rt.drain();
        ws.sendToClient(attached("channel-alpha", "serial-a-001"));
        rt.drain();
        assertThat(channelA.state()).isEqualTo(ChannelState.ATTACHED);
        var unusedB = channelB.attach();
        rt.drain();
        ws.sendToClient(attached("channel-éàü-世界", "serial-b-002"));
        rt.drain();
        assertThat(channelB.state()).isEqualTo(ChannelState.ATTACHED);

        String recoveryKeyString = client.connection().createRecoveryKey();

        assertThat(recoveryKeyString).isNotNull();
        Map<String, Object> recoveryKey = fromJson(recoveryKeyString);
        assertThat(recoveryKey.get("connectionKey")).isEqualTo("key-abc-123");
        assertThat(((Number) recoveryKey.get("msgSerial")).longValue()).isZero();
        assertThat(recoveryKey.get("channelSerials")).isInstanceOf(Map.class);
        Map<?, ?> serials = (Map<?, ?>) recoveryKey.get("channelSerials");
        assertThat(serials.get("channel-alpha")).isEqualTo("serial-a-001");
        assertThat(serials.get("channel-éàü-世界")).isEqualTo("serial-b-002"); // RTN16g1
        Map<String, Object> reParsed = fromJson(Json.of(recoveryKey).text());
        assertThat(((Map<?, ?>) reParsed.get("channelSerials")).get("channel-éàü-世界"))
                .isEqualTo("serial-b-002");
    }

    @Test
    void RTN16g2_recovery_key_null_inactive_0() {
        // INITIALIZED, CONNECTED, CLOSING, CLOSED
        rt.ws.respondToEveryAttemptWith(Fixtures.connected("connection-1", "key-1"));
        RealtimeClient client = rt.client(b -> b.autoConnect(false));
        assertThat(client.connection().createRecoveryKey()).isNull();
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(client.connection().createRecoveryKey()).isNotNull();
        client.connection().close();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CLOSING); // the server has not answered
        assertThat(client.connection().createRecoveryKey()).isNull();
        rt.ws.activeConnection().sendToClient(Fixtures.closed());
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CLOSED);
        assertThat(client.connection().createRecoveryKey()).isNull();

        // FAILED
        try (FakeRuntime failedRt = new FakeRuntime()) {
            failedRt.ws.respondToEveryAttemptWith(Fixtures.connected("conn-f", "key-f"));
            RealtimeClient clientFailed = failedRt.client(b -> b.autoConnect(false));
            clientFailed.connect();
            failedRt.drain();
            assertThat(clientFailed.connection().state()).isEqualTo(ConnectionState.CONNECTED);
            failedRt.ws.activeConnection().sendToClientAndClose(Fixtures.error(50000, 500, "Fatal error"));
            failedRt.drain();
            assertThat(clientFailed.connection().state()).isEqualTo(ConnectionState.FAILED);
            assertThat(clientFailed.connection().createRecoveryKey()).isNull();
        }

        // SUSPENDED
        try (FakeRuntime suspendedRt = new FakeRuntime()) {
            AtomicInteger attempts = new AtomicInteger();
            suspendedRt.ws.onConnectionAttempt(c -> {
                if (attempts.incrementAndGet() == 1) {
                    c.respondWithSuccess(ProtocolMessage.builder(Action.CONNECTED)
                            .connectionId("conn-s")
                            .connectionKey("key-s")
                            .connectionDetails(Fixtures.details("key-s")
                                    .connectionStateTtl(2000L)
                                    .build())
                            .build());
                } else {
                    c.respondWithRefused();
                }
            });
            RealtimeClient clientSuspended = suspendedRt.client(b -> b.autoConnect(false)
                    .disconnectedRetryTimeout(Duration.ofMillis(500))
                    .fallbackHosts(List.of()));
            clientSuspended.connect();
            suspendedRt.drain();
            assertThat(clientSuspended.connection().state()).isEqualTo(ConnectionState.CONNECTED);
            suspendedRt.ws.activeConnection().simulateDisconnect(null);
            suspendedRt.drain();
            assertThat(clientSuspended.connection().state()).isEqualTo(ConnectionState.DISCONNECTED);
            assertThat(clientSuspended.connection().createRecoveryKey()).isNotNull(); // not an inactive state
            for (int i = 0; i < 10 && clientSuspended.connection().state() != ConnectionState.SUSPENDED; i++) {
                suspendedRt.advanceMillis(1500);
            }
            assertThat(clientSuspended.connection().state()).isEqualTo(ConnectionState.SUSPENDED);
            assertThat(clientSuspended.connection().createRecoveryKey()).isNull();
        }
    }

    @Test
    void RTN16k_recover_query_param_0() {
        String recoveryKey = recoveryKey("recovered-key-xyz", 5, Map.of());
        AtomicInteger attempts = new AtomicInteger();
        rt.ws.onConnectionAttempt(c -> {
            if (attempts.incrementAndGet() == 1) {
                c.respondWithSuccess(Fixtures.connected("recovered-conn-id", "new-key-after-recovery"));
            } else {
                c.respondWithSuccess(Fixtures.connected("recovered-conn-id", "resumed-key"));
            }
        });
        RealtimeClient client = rt.client(b -> b.recover(recoveryKey).autoConnect(false));
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);

        rt.ws.activeConnection().simulateDisconnect(null);
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);

        List<Map<String, String>> params = attemptParams();
        assertThat(params).hasSize(2);
        assertThat(params.get(0)).containsEntry("recover", "recovered-key-xyz").doesNotContainKey("resume");
        assertThat(params.get(1))
                .containsEntry("resume", "new-key-after-recovery")
                .doesNotContainKey("recover");
    }

    @Test
    void RTN16f_recover_initializes_msgserial_0() {
        String recoveryKey = recoveryKey("old-key", 42, Map.of("test-channel", "ch-serial-1"));
        rt.ws.respondToEveryAttemptWith(Fixtures.connected("recovered-conn", "new-key"));
        RealtimeClient client = rt.client(b -> b.recover(recoveryKey).autoConnect(false));
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        PendingConnection ws = rt.ws.activeConnection();

        RealtimeChannel channel = client.channels().get("test-channel");
        var unusedAttach = channel.attach();
        rt.drain();
        ws.sendToClient(attached("test-channel", "ch-serial-updated"));
        rt.drain();
        assertThat(channel.state()).isEqualTo(ChannelState.ATTACHED);

        var published = channel.publish("event", "data");
        rt.drain();
        List<ProtocolMessage> messageFrames = rt.ws.sent(Action.MESSAGE);
        ws.sendToClient(ack(42));
        rt.drain();

        assertThat(messageFrames).isNotEmpty();
        assertThat(messageFrames.get(0).msgSerial()).isEqualTo(42L);
        assertThat(published).isCompleted();
    }

    @Test
    void RTN16f1_malformed_recovery_key_0() {
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        rt.ws.respondToEveryAttemptWith(Fixtures.connected("fresh-conn", "fresh-key"));
        RealtimeClient client = rt.client(b -> b.recover("this-is-not-valid-json!!!")
                .autoConnect(false)
                .logHandler((level, message, t) -> {
                    if (level == LogLevel.ERROR) {
                        errors.add(message);
                    }
                }));
        client.connect();
        rt.drain();

        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(client.connection().id()).isEqualTo("fresh-conn");
        assertThat(client.connection().key()).isEqualTo("fresh-key");
        List<Map<String, String>> params = attemptParams();
        assertThat(params).hasSize(1);
        assertThat(params.get(0)).doesNotContainKey("recover").doesNotContainKey("resume");
        // The implementation note: an error-level log mentioning the malformed recovery key
        assertThat(errors).anySatisfy(m -> assertThat(m).containsIgnoringCase("recover"));
        // ... which does not quote the key (it may hold a connection key)
        assertThat(errors).noneSatisfy(m -> assertThat(m).contains("this-is-not-valid-json"));
    }

    @Test
    void RTN16j_recover_channel_serials_0() {
        Map<String, String> serials = new LinkedHashMap<>();
        serials.put("channel-one", "serial-1-abc");
        serials.put("channel-two", "serial-2-def");
        serials.put("channel-üñîçöðé", "serial-3-unicode");
        String recoveryKey = recoveryKey("old-key-abc", 10, serials);
        rt.ws.respondToEveryAttemptWith(Fixtures.connected("recovered-conn", "new-key"));
        RealtimeClient client = rt.client(b -> b.recover(recoveryKey).autoConnect(false));
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);

        // Before get(): the library instantiated them (RTN16j)
        assertThat(client.channels().names()).contains("channel-one", "channel-two", "channel-üñîçöðé");
        RealtimeChannel channelOne = client.channels().get("channel-one");
        RealtimeChannel channelTwo = client.channels().get("channel-two");
        RealtimeChannel channelUnicode = client.channels().get("channel-üñîçöðé");
        assertThat(channelOne.properties().channelSerial()).isEqualTo("serial-1-abc");
        assertThat(channelTwo.properties().channelSerial()).isEqualTo("serial-2-def");
        assertThat(channelUnicode.properties().channelSerial()).isEqualTo("serial-3-unicode");
        // RTN16i: not attached automatically
        assertThat(channelOne.state()).isEqualTo(ChannelState.INITIALIZED);
        assertThat(channelTwo.state()).isEqualTo(ChannelState.INITIALIZED);
        assertThat(channelUnicode.state()).isEqualTo(ChannelState.INITIALIZED);
        assertThat(rt.ws.sent(Action.ATTACH)).isEmpty();

        PendingConnection ws = rt.ws.activeConnection();
        var unusedAttach = channelOne.attach();
        rt.drain();
        List<ProtocolMessage> attaches = rt.ws.sent(Action.ATTACH).stream()
                .filter(m -> "channel-one".equals(m.channel()))
                .toList();
        assertThat(attaches).hasSize(1);
        assertThat(attaches.get(0).channelSerial()).isEqualTo("serial-1-abc");
        ws.sendToClient(attached("channel-one", "serial-1-abc-updated"));
        rt.drain();
        assertThat(channelOne.state()).isEqualTo(ChannelState.ATTACHED);
    }

    // ---------------------------------------------------------------- further RTN16 cases (by spec item)

    /** RTN16k: until the first CONNECTED, every attempt (the retries too) carries recover. */
    @Test
    void RTN16k_recoverSentUntilConnected() {
        String recoveryKey = recoveryKey("recovered-key", 3, Map.of());
        AtomicInteger attempts = new AtomicInteger();
        rt.ws.onConnectionAttempt(c -> {
            if (attempts.incrementAndGet() == 1) {
                c.respondWithRefused();
            } else {
                c.respondWithSuccess(Fixtures.connected("recovered-id", "key-2"));
            }
        });
        RealtimeClient client = rt.client(
                b -> b.recover(recoveryKey).autoConnect(false).disconnectedRetryTimeout(Duration.ofSeconds(1)));
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.DISCONNECTED);
        rt.advanceMillis(1000);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(attemptParams())
                .hasSize(2)
                .allSatisfy(p ->
                        assertThat(p).containsEntry("recover", "recovered-key").doesNotContainKey("resume"));
    }

    /** RTN16k, RTN11d: after close() and connect() a new connection is made: neither recover nor resume. */
    @Test
    void RTN16k_noRecoverAfterCloseAndConnect() {
        String recoveryKey = recoveryKey("recovered-key", 3, Map.of());
        rt.ws.onConnectionAttempt(c -> c.respondWithSuccess(Fixtures.connected("recovered-id", "key-" + c.hashCode())));
        rt.ws.onMessageFromClient(m -> {
            if (m.action() == Action.CLOSE) {
                rt.ws.activeConnection().sendToClient(Fixtures.closed());
            }
        });
        RealtimeClient client = rt.client(b -> b.recover(recoveryKey).autoConnect(false));
        client.connect();
        rt.drain();
        client.close();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CLOSED);
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        List<Map<String, String>> params = attemptParams();
        assertThat(params).hasSize(2);
        assertThat(params.get(0)).containsEntry("recover", "recovered-key");
        assertThat(params.get(1)).doesNotContainKey("recover").doesNotContainKey("resume");
    }

    /** RTN16k: a recovery that never connected, closed, then connected again, does not recover either. */
    @Test
    void RTN16k_noRecoverAfterCloseBeforeConnecting() {
        String recoveryKey = recoveryKey("recovered-key", 3, Map.of());
        rt.ws.respondToEveryAttemptWith(Fixtures.connected("new-id", "new-key"));
        RealtimeClient client = rt.client(b -> b.recover(recoveryKey).autoConnect(false));
        client.close(); // INITIALIZED -> CLOSED (RTN12d)
        rt.drain();
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(attemptParams()).hasSize(1);
        assertThat(attemptParams().get(0)).doesNotContainKey("recover");
    }

    /** RTN16d: after a successful recovery the id is the recovered one and the key the new one. */
    @Test
    void RTN16d_recoveredIdAndNewKey() {
        String recoveryKey = recoveryKey("old-key", 0, Map.of());
        rt.ws.respondToEveryAttemptWith(Fixtures.connected("recovered-id", "new-key"));
        RealtimeClient client = rt.client(b -> b.recover(recoveryKey).autoConnect(false));
        List<ConnectionStateChange> changes = new ArrayList<>();
        client.connection().on(changes::add);
        client.connect();
        rt.drain();
        assertThat(client.connection().id()).isEqualTo("recovered-id");
        assertThat(client.connection().key()).isEqualTo("new-key");
        assertThat(client.connection().errorReason()).isNull();
        assertThat(changes.get(changes.size() - 1).reason()).isNull();
    }

    /**
     * RTN16l, RTN15c7: a failed recovery (CONNECTED with an error and a new connection id) is a new connection: the
     * error is the errorReason and the CONNECTED change's reason, and msgSerial starts again from 0 (RTN16f).
     */
    @Test
    void RTN16l_failedRecovery_errorReasonSetAndMsgSerialReset() {
        String recoveryKey = recoveryKey("old-key", 5, Map.of());
        rt.ws.respondToEveryAttemptWith(Fixtures.connected("brand-new-id", "brand-new-key").toBuilder()
                .error(ErrorInfo.of(80008, 400, "Unable to recover connection"))
                .build());
        rt.ws.onMessageFromClient(m -> {
            if (m.action() == Action.MESSAGE) {
                rt.ws.activeConnection().sendToClient(ack(m.msgSerial()));
            }
        });
        RealtimeClient client = rt.client(b -> b.recover(recoveryKey).autoConnect(false));
        List<ConnectionStateChange> changes = new ArrayList<>();
        client.connection().on(changes::add);
        client.connect();
        rt.drain();

        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(client.connection().id()).isEqualTo("brand-new-id");
        assertThat(client.connection().key()).isEqualTo("brand-new-key");
        assertThat(client.connection().errorReason().code()).isEqualTo(80008);
        ConnectionStateChange connected = changes.get(changes.size() - 1);
        assertThat(connected.current()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(connected.reason().code()).isEqualTo(80008);

        var published = client.channels().get("after-failed-recovery").publish("event", "data");
        rt.drain();
        assertThat(rt.ws.sent(Action.MESSAGE))
                .extracting(ProtocolMessage::msgSerial)
                .containsExactly(0L);
        assertThat(published).isCompleted();
        assertThat(fromJson(client.connection().createRecoveryKey()).get("connectionKey"))
                .isEqualTo("brand-new-key");
    }

    /** RTN16g, RTN16k: the key of one client recovers its connection in another. */
    @Test
    void RTN16g_keyFromCreateRecoveryKeyRecoversInANewClient() {
        rt.ws.respondToEveryAttemptWith(Fixtures.connected("connection-1", "key-abc-123"));
        RealtimeClient first = rt.client(b -> b.autoConnect(false));
        first.connect();
        rt.drain();
        String recoveryKey = first.connection().createRecoveryKey();
        assertThat(recoveryKey).isNotNull();

        RealtimeClient second = rt.client(b -> b.recover(recoveryKey).autoConnect(false));
        second.connect();
        rt.drain();
        assertThat(rt.ws.lastAttempt().queryParams()).containsEntry("recover", "key-abc-123");
        assertThat(second.connection().id()).isEqualTo("connection-1");
    }

    /** RTN16g1: any Unicode channel name survives encode and decode, JSON specials included. */
    @Test
    void RTN16g1_unicodeChannelNamesRoundTrip() {
        Map<String, String> serials = new LinkedHashMap<>();
        serials.put("channel-éàü-世界", "serial-1");
        serials.put("emoji-😀-🚀", "serial-2");
        serials.put("quote\"back\\slash/solidus", "serial-3");
        serials.put("control\u0001\n\t", "serial-4");
        serials.put("rtl-שלום-مرحبا", "serial-5");
        serials.put("[meta]channel:with:colons", "serial-6");
        RecoveryKey key = new RecoveryKey("key-é-😀", 123_456_789_012L, serials);

        String text = key.encode();
        RecoveryKey decoded = RecoveryKey.decode(text);

        assertThat(decoded).isEqualTo(key);
        assertThat(decoded.channelSerials()).containsExactlyInAnyOrderEntriesOf(serials);
        assertThat(decoded.msgSerial()).isEqualTo(123_456_789_012L);
        // It is JSON: another client (or another SDK of the same kind) can read it
        Map<String, Object> json = fromJson(text);
        assertThat(json.get("connectionKey")).isEqualTo("key-é-😀");
        assertThat(((Map<?, ?>) json.get("channelSerials")).get("emoji-😀-🚀")).isEqualTo("serial-2");
    }

    /** RTN16g1: forward compatible within the major version: fields unknown to this version are ignored. */
    @Test
    void RTN16g1_unknownFieldsIgnored() {
        String later = "{\"version\":2,\"connectionKey\":\"k\",\"msgSerial\":7,"
                + "\"channelSerials\":{\"a\":\"s\"},\"extra\":{\"nested\":[1,2,3]},\"flag\":true}";
        RecoveryKey key = RecoveryKey.decode(later);
        assertThat(key).isEqualTo(new RecoveryKey("k", 7, Map.of("a", "s")));
        // channelSerials may be left out (no channel attached)
        assertThat(RecoveryKey.decode("{\"connectionKey\":\"k\",\"msgSerial\":0}"))
                .isEqualTo(new RecoveryKey("k", 0, Map.of()));
    }

    /** RTN16f1: what is not a recovery key is rejected (the client then connects without recover). */
    @Test
    void RTN16f1_malformedKeysRejected() {
        for (String malformed : new String[] {
            "",
            "this-is-not-valid-json!!!",
            "[]",
            "\"just a string\"",
            "{}",
            "{\"connectionKey\":\"\",\"msgSerial\":0}",
            "{\"connectionKey\":42,\"msgSerial\":0}",
            "{\"connectionKey\":\"k\"}",
            "{\"connectionKey\":\"k\",\"msgSerial\":-1}",
            "{\"connectionKey\":\"k\",\"msgSerial\":1.5}",
            "{\"connectionKey\":\"k\",\"msgSerial\":1e300}",
            "{\"connectionKey\":\"k\",\"msgSerial\":100000000000000000000}",
            "{\"connectionKey\":\"k\",\"msgSerial\":9223372036854775807}",
            "{\"connectionKey\":\"k\",\"msgSerial\":\"1\"}",
            "{\"connectionKey\":\"k\",\"msgSerial\":0,\"channelSerials\":[]}",
            "{\"connectionKey\":\"k\",\"msgSerial\":0,\"channelSerials\":{\"a\":1}}",
            "{\"connectionKey\":\"k\",\"msgSerial\":0,\"channelSerials\":{\"a\":null}}",
        }) {
            assertThat(RecoveryKey.decode(malformed)).as(malformed).isNull();
        }
    }
}
