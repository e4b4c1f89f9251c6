package io.ably4j.testing;

import io.ably4j.types.ConnectionDetails;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;

/** The standard UTS protocol message templates (mock_websocket.md, "Protocol Message Templates"). */
public final class Fixtures {
    private Fixtures() {}

    public static ProtocolMessage connected() {
        return connected("test-connection-id", "test-connection-key");
    }

    public static ProtocolMessage connected(String connectionId, String connectionKey) {
        return ProtocolMessage.builder(Action.CONNECTED)
                .connectionId(connectionId)
                .connectionKey(connectionKey)
                .connectionDetails(details(connectionKey).build())
                .build();
    }

    public static ConnectionDetails.Builder details(String connectionKey) {
        return ConnectionDetails.builder()
                .connectionKey(connectionKey)
                .connectionStateTtl(120_000L)
                .maxIdleInterval(15_000L);
    }

    public static ProtocolMessage closed() {
        return ProtocolMessage.of(Action.CLOSED);
    }

    public static ProtocolMessage disconnected() {
        return ProtocolMessage.builder(Action.DISCONNECTED)
                .error(ErrorInfo.of(80003, 500, "Connection disconnected"))
                .build();
    }

    public static ProtocolMessage error(int code, String message) {
        return ProtocolMessage.builder(Action.ERROR)
                .error(ErrorInfo.of(code, code / 100, message))
                .build();
    }

    public static ProtocolMessage error(int code, int statusCode, String message) {
        return ProtocolMessage.builder(Action.ERROR)
                .error(ErrorInfo.of(code, statusCode, message))
                .build();
    }

    public static ProtocolMessage heartbeat(String id) {
        return ProtocolMessage.builder(Action.HEARTBEAT).id(id).build();
    }
}
