package io.ably4j.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ably4j.Auth;
import io.ably4j.ClientOptions;
import io.ably4j.RestClient;
import io.ably4j.internal.http.HttpCall;
import io.ably4j.internal.http.HttpResult;
import io.ably4j.internal.protocol.ProtocolCodec;
import io.ably4j.internal.protocol.WireFormat;
import io.ably4j.testing.MockHttp;
import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.Json;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * UTS {@code rest/unit/rest_client.md}: the REST client's headers, formats, request ids, timeouts, client id and TLS
 * (RSC5, RSC7, RSC8, RSC13, RSC17, RSC18).
 *
 * <p>Where the UTS publishes on a channel only to make an authenticated request with a body, the same request is made
 * with {@code request()}. The UTS answers {@code /time} with {@code {"time": ms}}; Ably answers {@code [ms]}, which
 * is what these tests send.
 */
class RestClientTest {
    private static final long TIME = 1234567890000L;
    private static final String TIME_BODY = "[" + TIME + "]";

    private final RestMock m = new RestMock();

    @AfterEach
    void close() {
        m.close();
    }

    @Test
    void RSC5_auth_attribute_accessible_0() {
        RestClient client = m.client();

        assertThat(client.auth()).isNotNull().isInstanceOf(Auth.class);
    }

    @Test
    void RSC7e_ably_version_header_0() {
        m.queue(200, TIME_BODY);
        RestClient client = m.client();

        m.await(client.time());

        assertThat(m.request(0).headers().get("X-Ably-Version")).matches("[0-9.]+");
    }

    /** ably4j identifies itself as {@code ably4j/x.y.z} (RSC7d1): the UTS pattern {@code ably-[a-z]+} names Ably's SDKs. */
    @Test
    void RSC7d_ably_agent_header_format_0() {
        m.queue(200, TIME_BODY);
        RestClient client = m.client();

        m.await(client.time());

        assertThat(m.request(0).headers().get("Ably-Agent")).matches("ably4j/[0-9]+\\.[0-9]+\\.[0-9]+( \\S+)*");
    }

    @Test
    void RSC7c_request_id_included_0() {
        m.queue(200, TIME_BODY);
        RestClient client = m.client(b -> b.addRequestIds(true));

        m.await(client.time());

        String id = RestMock.query(m.request(0)).get("request_id");
        assertThat(id).isNotNull().hasSizeGreaterThanOrEqualTo(12).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void RSC7c_request_id_included_0_notWithoutOption() {
        m.queue(200, TIME_BODY);
        RestClient client = m.client();

        m.await(client.time());

        assertThat(RestMock.query(m.request(0))).doesNotContainKey("request_id");
    }

    @Test
    void RSC7c_request_id_preserved_fallback_1() {
        m.queue(500, "{\"error\":{\"code\":50000,\"statusCode\":500,\"message\":\"down\"}}");
        m.queue(200, TIME_BODY);
        RestClient client = m.client(b -> b.addRequestIds(true).fallbackHosts(List.of("fallback.ably-realtime.com")));

        m.await(client.time());

        assertThat(m.requests()).hasSize(2);
        String first = RestMock.query(m.request(0)).get("request_id");
        assertThat(first).isNotNull();
        assertThat(RestMock.query(m.request(1))).containsEntry("request_id", first);
    }

    @Test
    void RSC7c_request_id_preserved_fallback_1_inFailure() {
        m.always(500, "{\"error\":{\"code\":50000,\"statusCode\":500,\"message\":\"down\"}}");
        RestClient client = m.client(b -> b.addRequestIds(true).fallbackHosts(List.of("fallback.ably-realtime.com")));

        ErrorInfo error = m.fails(client.time());

        String id = RestMock.query(m.request(0)).get("request_id");
        assertThat(error.requestId()).isEqualTo(id);
        assertThat(error.message()).contains(Objects.requireNonNull(id));
    }

    @Test
    void RSC8a_protocol_selection_0() {
        for (boolean binary : List.of(true, false)) {
            try (RestMock mock = new RestMock()) {
                mock.always(201, "[]");
                RestClient client = mock.client(b -> b.useBinaryProtocol(binary));
                String type = binary ? "application/x-msgpack" : "application/json";

                // the UTS publishes on a channel; request() makes the same authenticated POST with a body
                mock.await(client.request(
                        "POST", "/channels/test/messages", 3, null, Map.of("name", "e", "data", "d"), null));

                HttpCall request = mock.request(0);
                assertThat(request.headers())
                        .containsEntry("Content-Type", type)
                        .containsEntry("Accept", type);
            }
        }
    }

    @Test
    void RSC8c_accept_content_type_headers_0() {
        m.always(201, "[]");
        RestClient client = m.client(b -> b.useBinaryProtocol(false));

        m.await(client.request("POST", "/channels/test/messages", 3, null, Map.of("name", "e", "data", "d"), null));

        assertThat(m.request(0).headers())
                .containsEntry("Accept", "application/json")
                .containsEntry("Content-Type", "application/json");
    }

    @Test
    void RSC8d_mismatched_response_content_type_0() {
        byte[] msgpack = ProtocolCodec.create(WireFormat.MSGPACK).encodeJson(Json.parse(TIME_BODY));
        m.http.queue(call -> CompletableFuture.completedFuture(
                new HttpResult(200, Map.of("Content-Type", List.of("application/x-msgpack")), msgpack)));
        RestClient client = m.client(b -> b.useBinaryProtocol(false));

        assertThat(m.await(client.time())).isEqualTo(TIME);
    }

    @Test
    void RSC8e_unsupported_content_type_0() {
        m.http.queue(call -> MockHttp.respond(500, "<html>Server Error</html>", Map.of("Content-Type", "text/html")));
        RestClient errorClient = m.client(b -> b.fallbackHosts(List.of()));
        assertThat(m.fails(errorClient.time()).statusCode()).isEqualTo(500);

        m.http.queue(call -> MockHttp.respond(200, "<html>OK</html>", Map.of("Content-Type", "text/html")));
        RestClient okClient = m.client();
        ErrorInfo error = m.fails(okClient.time());
        assertThat(error.statusCode()).isEqualTo(400);
        assertThat(error.code()).isEqualTo(40013);
    }

    @Test
    void RSC8_error_decoded_from_msgpack_0() {
        byte[] body = ProtocolCodec.create(WireFormat.MSGPACK).encodeError(ErrorInfo.of(40099, 400, "Test error"));
        m.http.handler = call -> CompletableFuture.completedFuture(
                new HttpResult(400, Map.of("Content-Type", List.of("application/x-msgpack")), body));
        RestClient client = m.client(b -> b.useBinaryProtocol(true));

        ErrorInfo error = m.fails(client.time());

        assertThat(error.code()).isEqualTo(40099);
        assertThat(error.statusCode()).isEqualTo(400);
        assertThat(error.message()).isEqualTo("Test error");
    }

    @Test
    void RSC13_request_timeout_enforced_0() {
        m.http.handler = call -> new CompletableFuture<>(); // "responds after 5 s": not within the timeout
        RestClient client =
                m.client(b -> b.httpRequestTimeout(Duration.ofSeconds(1)).fallbackHosts(List.of()));

        CompletableFuture<Long> time = client.time();
        m.rt.drain();
        m.rt.advance(Duration.ofMillis(999));
        assertThat(time).isNotDone();
        m.rt.advance(Duration.ofMillis(1));

        assertThat(m.fails(time).code()).isEqualTo(50003);
    }

    @Test
    void RSC17_client_id_from_options_0() {
        RestClient client = m.client(b -> b.clientId("explicit-client-id"));

        assertThat(client.clientId())
                .isEqualTo("explicit-client-id")
                .isEqualTo(client.auth().clientId());
    }

    @Test
    void RSC17_client_id_matches_auth_1() {
        RestClient client = m.client(b -> b.clientId("explicit-client-id"));

        assertThat(client.auth().clientId()).isEqualTo("explicit-client-id");
        assertThat(client.clientId()).isEqualTo(client.auth().clientId());
    }

    @Test
    void RSC18_tls_controls_protocol_scheme_0() {
        for (boolean tls : List.of(true, false)) {
            try (RestMock mock = new RestMock()) {
                mock.queue(200, TIME_BODY);
                RestClient client = mock.rt.restClient(
                        ClientOptions.builder().token("a-token").tls(tls).build());

                mock.await(client.time());

                assertThat(mock.request(0).uri().getScheme()).isEqualTo(tls ? "https" : "http");
            }
        }
    }

    @Test
    void RSC18_basic_auth_over_http_rejected_1() {
        assertThatThrownBy(() -> new RestClient(ClientOptions.builder()
                        .key("appId.keyId:keySecret")
                        .tls(false)
                        .build()))
                .isInstanceOfSatisfying(
                        AblyException.class,
                        e -> assertThat(e.errorInfo().code()).isEqualTo(40103));

        m.queue(200, TIME_BODY);
        RestClient tokenOverHttp = m.rt.restClient(
                ClientOptions.builder().token("some-token-string").tls(false).build());
        assertThat(m.await(tokenOverHttp.time())).isEqualTo(TIME);
    }
}
