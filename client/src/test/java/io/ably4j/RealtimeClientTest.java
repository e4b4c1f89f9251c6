package io.ably4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.internal.protocol.WireFormat;
import io.ably4j.testing.FakeRuntime;
import io.ably4j.testing.Fixtures;
import io.ably4j.testing.MockWebSocket.EventType;
import io.ably4j.testing.MockWebSocket.PendingConnection;
import io.ably4j.types.Json;
import io.ably4j.types.ProtocolMessage.Action;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** UTS {@code realtime/unit/client/realtime_client.md}. */
@NullUnmarked // tests pass nulls and read nullable results on purpose
class RealtimeClientTest {
    private final FakeRuntime rt = new FakeRuntime();

    @AfterEach
    void closeClients() {
        rt.close();
    }

    @Test
    void RTC2_connection_attribute_0() {
        RealtimeClient client = rt.client(b -> b.autoConnect(false));
        assertThat(client.connection()).isNotNull().isInstanceOf(Connection.class);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.INITIALIZED);
    }

    @Test
    void RTC4_auth_attribute_0() {
        RealtimeClient client = rt.client(b -> b.autoConnect(false));
        assertThat(client.auth()).isNotNull().isInstanceOf(Auth.class);
        assertThat(client.auth()).isSameAs(client.auth());
        assertThat(client.auth().tokenDetails()).isNull(); // basic auth: no token
    }

    @Test
    void RTC17_client_id_attribute_0() {
        RealtimeClient client = rt.client(b -> b.clientId("explicit-client-id").autoConnect(false));
        assertThat(client.clientId()).isEqualTo("explicit-client-id");
        assertThat(client.clientId()).isEqualTo(client.auth().clientId());
    }

    @Test
    void RTC3_channels_attribute_0() {
        RealtimeClient client = rt.client(b -> b.autoConnect(false));
        assertThat(client.channels()).isNotNull().isInstanceOf(Channels.class);
        String name = "test-RTC3-" + java.util.UUID.randomUUID();
        RealtimeChannel channel = client.channels().get(name);
        assertThat(channel).isInstanceOf(RealtimeChannel.class);
        assertThat(channel.name()).isEqualTo(name);
        assertThat(client.channels().get(name)).isSameAs(channel);
        assertThat(client.channels().exists(name)).isTrue();
        client.close();
    }

    @Test
    void RTC1a_echo_messages_option_0_defaultsToTrue() {
        rt.client(b -> {});
        assertThat(rt.ws.lastAttempt().queryParams()).containsEntry("echo", "true");
    }

    @Test
    void RTC1a_echo_messages_option_0_false() {
        rt.client(b -> b.echoMessages(false));
        assertThat(rt.ws.lastAttempt().queryParams()).containsEntry("echo", "false");
    }

    @Test
    void RTC1b_auto_connect_option_0_defaultsToTrue() {
        rt.ws.respondToEveryAttemptWith(Fixtures.connected());
        List<ConnectionState> states = new ArrayList<>();
        RealtimeClient client =
                rt.client(ClientOptions.builder().key("appId.keyId:keySecret").build());
        client.connection().on(c -> states.add(c.current()));
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(rt.ws.connectAttempts).hasSizeGreaterThanOrEqualTo(1);
    }

    @Test
    void RTC1b_auto_connect_option_0_false() {
        RealtimeClient client = rt.client(b -> b.autoConnect(false));
        assertThat(client.connection().state()).isEqualTo(ConnectionState.INITIALIZED);
        assertThat(rt.ws.connectAttempts).isEmpty();
        rt.drain(); // process_pending_events()
        rt.advanceMillis(60_000);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.INITIALIZED);
        assertThat(rt.ws.connectAttempts).isEmpty();
    }

    @Test
    void RTC1b_auto_connect_option_0_explicitConnect() {
        rt.ws.respondToEveryAttemptWith(Fixtures.connected());
        RealtimeClient client = rt.client(b -> b.autoConnect(false));
        List<ConnectionState> states = new ArrayList<>();
        client.connection().on(c -> states.add(c.current()));
        client.connection().connect();
        rt.drain();
        assertThat(states).containsExactly(ConnectionState.CONNECTING, ConnectionState.CONNECTED);
        assertThat(rt.ws.events(EventType.CONNECTION_ATTEMPT)).hasSize(1);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
    }

    /** A recovery key as {@code encode_recovery_key} makes it (the JSON form of RTN16g). */
    private static String recoveryKey(String connectionKey, long msgSerial, Map<String, String> channelSerials) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("connectionKey", connectionKey);
        m.put("msgSerial", msgSerial);
        m.put("channelSerials", channelSerials);
        return Json.of(m).text();
    }

    /** RTC1c_1: the connection key of the recovery key is sent as {@code recover}. */
    @Test
    void RTC1c_recover_option_0_sentInConnectionRequest() {
        String key = recoveryKey("previous-connection-key", 5, Map.of("channel1", "serial1"));
        rt.client(b -> b.recover(key));
        assertThat(rt.ws.lastAttempt().queryParams())
                .containsEntry("recover", "previous-connection-key")
                .doesNotContainKey("resume");
    }

    /** RTC1c_2: recover is used for the first connection only (RTN16k); the reconnection resumes. */
    @Test
    void RTC1c_recover_option_0_notSentAfterReconnection() {
        rt.ws.respondToEveryAttemptWith(Fixtures.connected());
        String key = recoveryKey("previous-connection-key", 5, Map.of());
        RealtimeClient client = rt.client(b -> b.recover(key));
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        List<ConnectionState> states = new ArrayList<>();
        client.connection().on(c -> states.add(c.current()));
        rt.ws.activeConnection().simulateDisconnect(null);
        rt.drain();
        assertThat(states).containsSubsequence(ConnectionState.DISCONNECTED, ConnectionState.CONNECTED);
        assertThat(rt.ws.connectAttempts).hasSize(2);
        assertThat(rt.ws.connectAttempts.get(0).queryParams()).containsEntry("recover", "previous-connection-key");
        assertThat(rt.ws.connectAttempts.get(1).queryParams()).doesNotContainKey("recover");
    }

    /** RTC1c_3: an invalid key is logged (RTN16f1), not fatal; the connection is made without recover. */
    @Test
    void RTC1c_recover_option_0_invalidKeyIgnored() {
        rt.client(b -> b.recover("invalid-not-a-valid-recovery-key"));
        assertThat(rt.ws.connectAttempts).hasSize(1);
        assertThat(rt.ws.lastAttempt().queryParams()).doesNotContainKey("recover");
    }

    @Test
    void RTC1f_transport_params_option_0_included() {
        rt.client(b -> b.transportParam("customParam", "customValue").transportParam("anotherParam", "123"));
        assertThat(rt.ws.lastAttempt().queryParams())
                .containsEntry("customParam", "customValue")
                .containsEntry("anotherParam", "123");
    }

    @Test
    void RTC1f_transport_params_option_0_stringifiable() {
        rt.client(b -> b.transportParams(
                Map.of("stringParam", "hello", "numberParam", 42, "boolTrueParam", true, "boolFalseParam", false)));
        assertThat(rt.ws.lastAttempt().queryParams())
                .containsEntry("stringParam", "hello")
                .containsEntry("numberParam", "42")
                .containsEntry("boolTrueParam", "true")
                .containsEntry("boolFalseParam", "false");
    }

    @Test
    void RTC1f1_transportParamsOverrideDefaults() {
        rt.client(b -> b.transportParam("v", "3").transportParam("heartbeats", "false"));
        assertThat(rt.ws.lastAttempt().queryParams()).containsEntry("v", "3").containsEntry("heartbeats", "false");
    }

    @Test
    void RTC15_connect_method_0() {
        rt.ws.respondToEveryAttemptWith(Fixtures.connected());
        RealtimeClient client = rt.client(b -> b.autoConnect(false));
        List<ConnectionState> states = new ArrayList<>();
        client.connection().on(c -> states.add(c.current()));
        client.connect();
        rt.drain();
        assertThat(states).containsExactly(ConnectionState.CONNECTING, ConnectionState.CONNECTED);
    }

    @Test
    void RTC16_close_method_0() {
        rt.ws.respondToEveryAttemptWith(Fixtures.connected());
        rt.ws.onMessageFromClient(m -> {
            if (m.action() == Action.CLOSE) {
                rt.ws.activeConnection().sendToClient(Fixtures.closed());
            }
        });
        RealtimeClient client = rt.client(b -> {});
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        List<ConnectionState> states = new ArrayList<>();
        client.connection().on(c -> states.add(c.current()));
        client.close();
        rt.drain();
        assertThat(states).containsExactly(ConnectionState.CLOSING, ConnectionState.CLOSED);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CLOSED);
    }

    @Test
    void RSC18_tlsSettingInRealtime() {
        rt.ws.respondToEveryAttemptWith(Fixtures.connected());
        RealtimeClient tls = rt.client(b -> b.tls(true));
        assertThat(rt.ws.lastAttempt().url.getScheme()).isEqualTo("wss");
        assertThat(rt.ws.lastAttempt().url.getPort()).isEqualTo(443);
        assertThat(tls.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        RealtimeClient plain =
                rt.client(ClientOptions.builder().token("test-token").tls(false).build());
        assertThat(rt.ws.lastAttempt().url.getScheme()).isEqualTo("ws");
        assertThat(rt.ws.lastAttempt().url.getPort()).isEqualTo(80);
        assertThat(rt.ws.lastAttempt().queryParams()).containsEntry("accessToken", "test-token");
        assertThat(plain.connection().state()).isEqualTo(ConnectionState.CONNECTED);
    }

    @Test
    void RSC8_useBinaryProtocolInRealtime() {
        rt.client(b -> b.useBinaryProtocol(true));
        assertThat(rt.ws.lastAttempt().queryParams()).containsEntry("format", "msgpack");
        assertThat(rt.ws.lastAttempt().format).isEqualTo(WireFormat.MSGPACK);
        rt.client(b -> b.useBinaryProtocol(false));
        assertThat(rt.ws.lastAttempt().queryParams()).containsEntry("format", "json");
        assertThat(rt.ws.lastAttempt().format).isEqualTo(WireFormat.JSON);
    }

    @Test
    void RTN2_standardQueryParameters() {
        rt.client(b -> b.clientId("bob"));
        PendingConnection c = rt.ws.lastAttempt();
        assertThat(c.url.getHost()).isEqualTo("main.realtime.ably.net");
        assertThat(c.queryParams())
                .containsEntry("v", "6") // RTN2f
                .containsEntry("format", "msgpack") // RTN2a
                .containsEntry("heartbeats", "false") // RTN23b: the JDK WebSocket surfaces ping frames
                .containsEntry("echo", "true") // RTN2b
                .containsEntry("key", "appId.keyId:keySecret") // RTN2e
                .containsEntry("clientId", "bob") // RTN2d
                .doesNotContainKeys("accessToken", "resume");
    }

    @Test
    void RSC7d_agentHeaderOnUpgrade() {
        rt.client(b -> {});
        String agent = rt.ws.lastAttempt().headers.get("Ably-Agent");
        assertThat(agent).matches("ably4j/\\d+\\.\\d+\\.\\d+ jre/\\S+");
    }

    @Test
    void REC1_endpointUsedForTheConnectionUrl() {
        rt.client(b -> b.endpoint("nonprod:sandbox"));
        assertThat(rt.ws.lastAttempt().url.getHost()).isEqualTo("sandbox.realtime.ably-nonprod.net");
        rt.client(ClientOptions.builder()
                .key("appId.keyId:keySecret")
                .endpoint("localhost")
                .tls(false)
                .port(8080)
                .allowInsecureBasicAuthForLocalDevelopment(true)
                .build());
        assertThat(rt.ws.lastAttempt().url.toString()).startsWith("ws://localhost:8080/?");
    }
}
