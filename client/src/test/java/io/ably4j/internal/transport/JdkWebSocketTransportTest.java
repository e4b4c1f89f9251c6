package io.ably4j.internal.transport;

import io.ably4j.internal.util.Log;
import java.time.Duration;

/** The {@link WebSocketTransportContractTest transport contract} for the JDK engine ({@link JdkWebSocketTransport}). */
class JdkWebSocketTransportTest extends WebSocketTransportContractTest {
    @Override
    TransportFactory factory(Duration connectTimeout, Log log) {
        return JdkWebSocketTransport.factory(null, connectTimeout, log);
    }
}
