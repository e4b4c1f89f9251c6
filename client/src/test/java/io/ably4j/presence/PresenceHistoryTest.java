package io.ably4j.presence;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.HistoryParams;
import io.ably4j.HistoryParams.Direction;
import io.ably4j.PaginatedResult;
import io.ably4j.RealtimeChannel;
import io.ably4j.internal.http.HttpCall;
import io.ably4j.testing.MockHttp;
import io.ably4j.types.AblyException;
import io.ably4j.types.PresenceAction;
import io.ably4j.types.PresenceMessage;
import io.ably4j.types.ProtocolMessage.Action;
import java.util.Map;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

/** UTS {@code realtime/unit/presence/realtime_presence_history.md} (RTP12): presence history over REST. */
@NullUnmarked
class PresenceHistoryTest extends PresenceTestSupport {
    private RealtimeChannel attachedChannel(String name) {
        server(m -> {
            if (m.action() == Action.ATTACH) {
                toClient(attachedMsg(name));
            }
        });
        ws.onConnectionAttempt(c -> c.respondWithSuccess(connected("conn-1")));
        return attached(connectedClient(b -> b.useBinaryProtocol(false)), name);
    }

    private static Map<String, String> query(HttpCall call) {
        return MockHttp.query(call);
    }

    @Test
    void RTP12a_history_supports_rest_params_0() {
        rt.http.handler = call -> MockHttp.json(200, "[]");
        RealtimeChannel channel = attachedChannel("test-RTP12a");

        PaginatedResult<PresenceMessage> page = rt.await(channel.presence()
                .history(HistoryParams.builder()
                        .start(1000L)
                        .end(2000L)
                        .direction(Direction.BACKWARDS)
                        .limit(50)
                        .build()));

        assertThat(page.items()).isEmpty();
        assertThat(rt.http.requests).hasSize(1);
        HttpCall call = rt.http.requests.get(0);
        assertThat(call.method()).isEqualTo("GET");
        assertThat(call.uri().getPath()).isEqualTo("/channels/test-RTP12a/presence/history");
        assertThat(query(call))
                .containsEntry("start", "1000")
                .containsEntry("end", "2000")
                .containsEntry("direction", "backwards")
                .containsEntry("limit", "50");
    }

    @Test
    void RTP12c_history_returns_paginated_result_0() {
        rt.http.handler = call -> MockHttp.json(
                200,
                "[{\"action\":2,\"clientId\":\"alice\",\"timestamp\":1000},"
                        + "{\"action\":4,\"clientId\":\"alice\",\"timestamp\":2000},"
                        + "{\"action\":3,\"clientId\":\"alice\",\"timestamp\":3000}]");
        RealtimeChannel channel = attachedChannel("test-RTP12c");

        PaginatedResult<PresenceMessage> page = rt.await(channel.presence().history());

        assertThat(page.items()).hasSize(3);
        assertThat(page.items().get(0).clientId()).isEqualTo("alice");
        assertThat(page.items().get(0).action()).isEqualTo(PresenceAction.ENTER);
        assertThat(page.items().get(1).action()).isEqualTo(PresenceAction.UPDATE);
        assertThat(page.items().get(2).action()).isEqualTo(PresenceAction.LEAVE);
        assertThat(page.hasNext()).isFalse();
    }

    /** RTP12a with RTL10b: untilAttach is a message-history parameter; presence history refuses it before sending. */
    @Test
    void RTP12a_untilAttachIsRefusedWith40003() {
        RealtimeChannel channel = attachedChannel("test-RTP12a-untilAttach");
        Throwable t = rt.awaitError(channel.presence()
                .history(HistoryParams.builder().untilAttach(true).build()));
        assertThat(t).isInstanceOf(AblyException.class);
        assertThat(((AblyException) t).errorInfo().code()).isEqualTo(40003);
        assertThat(rt.http.requests).isEmpty();
    }
}
