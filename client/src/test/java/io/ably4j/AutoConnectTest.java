package io.ably4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.testing.FakeRuntime;
import io.ably4j.testing.Fixtures;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** UTS {@code realtime/unit/connection/auto_connect_test.md} (RTN3). */
@NullUnmarked // tests pass nulls and read nullable results on purpose
class AutoConnectTest {
    private final FakeRuntime rt = new FakeRuntime();
    private final AtomicBoolean attempted = new AtomicBoolean();

    AutoConnectTest() {
        rt.ws.onConnectionAttempt(c -> {
            attempted.set(true);
            c.respondWithSuccess();
            c.sendToClient(Fixtures.connected("connection-id", "connection-key"));
        });
    }

    @AfterEach
    void closeClients() {
        rt.close();
    }

    @Test
    void RTN3_auto_connect_true_0() {
        RealtimeClient client =
                rt.client(ClientOptions.builder().key("appId.keyId:keySecret").build());
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(client.connection().id()).isEqualTo("connection-id");
    }

    @Test
    void RTN3_auto_connect_false_1() {
        RealtimeClient client = rt.client(b -> b.autoConnect(false));
        rt.advanceMillis(500);
        assertThat(attempted).isFalse();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.INITIALIZED);
    }

    @Test
    void RTN3_explicit_connect_after_false_2() {
        RealtimeClient client = rt.client(b -> b.autoConnect(false));
        assertThat(client.connection().state()).isEqualTo(ConnectionState.INITIALIZED);
        assertThat(attempted).isFalse();
        client.connect();
        rt.drain();
        assertThat(attempted).isTrue();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
    }
}
