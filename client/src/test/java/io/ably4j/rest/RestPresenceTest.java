package io.ably4j.rest;

import static io.ably4j.rest.RestChannelHarness.jsonPresence;
import static io.ably4j.rest.RestChannelHarness.param;
import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ChannelOptions;
import io.ably4j.HistoryParams;
import io.ably4j.HistoryParams.Direction;
import io.ably4j.PaginatedResult;
import io.ably4j.PresenceParams;
import io.ably4j.RestPresence;
import io.ably4j.internal.http.HttpCall;
import io.ably4j.internal.protocol.DataEncoding;
import io.ably4j.internal.protocol.WireFormat;
import io.ably4j.types.CipherParams;
import io.ably4j.types.Json;
import io.ably4j.types.PresenceAction;
import io.ably4j.types.PresenceMessage;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

/** {@code RestPresence} (RSL3, RSP1-RSP5): the members present and the presence history. */
@NullUnmarked
class RestPresenceTest {
    private final RestChannelHarness h = new RestChannelHarness();

    private static PresenceMessage member(String clientId, Object data) {
        return PresenceMessage.builder(PresenceAction.PRESENT)
                .clientId(clientId)
                .connectionId("conn-" + clientId)
                .data(data)
                .build();
    }

    @Test
    void RSP3a_get_returns_the_members_present() {
        h.answerJson(200, jsonPresence(member("alice", "a"), member("bob", "b")));
        RestPresence presence = h.json().channels().get("test").presence();

        PaginatedResult<PresenceMessage> page = h.await(presence.get());

        HttpCall call = h.onlyRequest();
        assertThat(call.method()).isEqualTo("GET");
        assertThat(call.uri().getPath()).isEqualTo("/channels/test/presence");
        assertThat(call.uri().getQuery()).isNull();
        assertThat(page.items()).extracting(PresenceMessage::clientId).containsExactly("alice", "bob");
        assertThat(page.items()).extracting(PresenceMessage::action).containsOnly(PresenceAction.PRESENT);
        assertThat(page.items()).extracting(PresenceMessage::data).containsExactly("a", "b");
    }

    @Test
    void RSP3a1_RSP3a2_RSP3a3_limit_client_id_and_connection_id_are_sent() {
        h.answerJson(200, "[]");
        RestPresence presence = h.json().channels().get("test").presence();

        h.await(presence.get(PresenceParams.builder()
                .limit(10)
                .clientId("alice")
                .connectionId("conn-1")
                .build()));

        HttpCall call = h.onlyRequest();
        assertThat(param(call, "limit")).isEqualTo("10");
        assertThat(param(call, "clientId")).isEqualTo("alice");
        assertThat(param(call, "connectionId")).isEqualTo("conn-1");
    }

    @Test
    void RSP3a1_limit_must_be_between_1_and_1000() {
        assertThat(RestChannelHarness.thrown(() -> PresenceParams.builder().limit(0))
                        .code())
                .isEqualTo(40003);
        assertThat(RestChannelHarness.thrown(() -> PresenceParams.builder().limit(1001))
                        .code())
                .isEqualTo(40003);
    }

    @Test
    void RSP4a_RSP4b_history_sends_its_params_to_the_presence_history_path() {
        h.answerJson(200, jsonPresence(member("alice", "a")));
        RestPresence presence = h.json().channels().get("test").presence();

        List<PresenceMessage> items = h.await(presence.history(HistoryParams.builder()
                        .start(1L)
                        .end(2L)
                        .direction(Direction.FORWARDS)
                        .limit(5)
                        .build()))
                .items();

        HttpCall call = h.onlyRequest();
        assertThat(call.uri().getPath()).isEqualTo("/channels/test/presence/history");
        assertThat(param(call, "start")).isEqualTo("1");
        assertThat(param(call, "end")).isEqualTo("2");
        assertThat(param(call, "direction")).isEqualTo("forwards");
        assertThat(param(call, "limit")).isEqualTo("5");
        assertThat(items).extracting(PresenceMessage::clientId).containsExactly("alice");
    }

    @Test
    void RSP4_history_refuses_until_attach() {
        RestPresence presence = h.json().channels().get("test").presence();

        assertThat(h.failure(presence.history(
                                HistoryParams.builder().untilAttach(true).build()))
                        .code())
                .isEqualTo(40003);
        assertThat(h.http.requests).isEmpty();
    }

    @Test
    void RSP5_presence_data_is_decoded_and_decrypted_like_messages() {
        CipherParams cipher = CipherParams.builder()
                .key(Base64.getEncoder().encodeToString(new byte[16]))
                .build();
        PresenceMessage encrypted = DataEncoding.encode(member("alice", "secret"), cipher, WireFormat.JSON);
        PresenceMessage json = DataEncoding.encode(member("bob", Json.parse("[1,2]")), null, WireFormat.JSON);
        h.answerJson(200, jsonPresence(encrypted, json));
        RestPresence presence = h.json()
                .channels()
                .get("test", ChannelOptions.builder().cipher(cipher).build())
                .presence();

        List<PresenceMessage> items = h.await(presence.get()).items();

        assertThat(items.get(0).data()).isEqualTo("secret");
        assertThat(items.get(0).encoding()).isNull();
        assertThat(items.get(1).data()).isEqualTo(Json.parse("[1,2]"));
        assertThat(h.errors).isEmpty();
    }

    @Test
    void RSL3_presence_belongs_to_its_channel() {
        var channel = h.json().channels().get("test");

        assertThat(channel.presence()).isSameAs(channel.presence());
    }
}
