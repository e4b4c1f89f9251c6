package io.ably4j.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.HttpPaginatedResponse;
import io.ably4j.RealtimeClient;
import io.ably4j.RestClient;
import io.ably4j.internal.http.HttpCall;
import io.ably4j.internal.http.HttpResult;
import io.ably4j.testing.MockHttp;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.Json;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * UTS {@code rest/unit/request.md} (RSC19, HP1-HP8) and {@code realtime/unit/client/realtime_request.md} (RTC9):
 * {@link RestClient#request}. Each UTS "test case" table row runs in a fresh mock.
 */
class RequestTest {
    private final RestMock m = new RestMock();

    @AfterEach
    void close() {
        m.close();
    }

    private HttpPaginatedResponse get(RestClient client, String path) {
        return m.await(client.request("GET", path, 3));
    }

    private static @Nullable Object field(Json item, String name) {
        return RestMock.field(item, name);
    }

    @Test
    void RSC19f_supports_http_methods_0() {
        for (String method : List.of("GET", "POST", "PUT", "PATCH", "DELETE")) {
            try (RestMock mock = new RestMock()) {
                mock.always(200, "[]");
                RestClient client = mock.client();

                HttpPaginatedResponse response = mock.await(client.request(method, "/test", 3));

                assertThat(response.success()).isTrue();
                assertThat(mock.requests()).hasSize(1);
                assertThat(mock.request(0).method()).isEqualTo(method);
                assertThat(mock.request(0).uri().getPath()).isEqualTo("/test");
            }
        }
    }

    @Test
    void RSC19f_query_params_passed_1() {
        m.always(200, "[]");
        RestClient client = m.client();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("limit", "10");
        params.put("direction", "backwards");

        m.await(client.request("GET", "/channels/test/messages", 3, params, null, null));

        assertThat(m.requests()).hasSize(1);
        assertThat(RestMock.query(m.request(0))).containsEntry("limit", "10").containsEntry("direction", "backwards");
    }

    @Test
    void RSC19f_custom_headers_passed_2() {
        m.always(200, "[]");
        RestClient client = m.client();

        m.await(client.request(
                "GET",
                "/test",
                3,
                null,
                null,
                Map.of("X-Custom-Header", "custom-value", "X-Another", "another-value")));

        HttpCall request = m.request(0);
        assertThat(request.headers())
                .containsEntry("X-Custom-Header", "custom-value")
                .containsEntry("X-Another", "another-value");
    }

    @Test
    void RSC19f_request_body_sent_3() {
        m.always(201, "[]");
        RestClient client = m.client(b -> b.useBinaryProtocol(false));

        m.await(client.request(
                "POST", "/channels/test/messages", 3, null, Map.of("name", "event", "data", "payload"), null));

        Map<String, Object> body = RestMock.bodyObject(m.request(0));
        assertThat(body).containsEntry("name", "event").containsEntry("data", "payload");
    }

    @Test
    void RSC19f1_version_param_sets_header_0() {
        for (int version : List.of(2, 3)) {
            try (RestMock mock = new RestMock()) {
                mock.queue(200, "[]");
                RestClient client = mock.client();

                mock.await(client.request("GET", "/test", version));

                assertThat(mock.request(0).headers()).containsEntry("X-Ably-Version", Integer.toString(version));
            }
        }
    }

    @Test
    void RSC19b_uses_configured_auth_0() {
        m.always(200, "[]");
        RestClient basic = m.client();
        get(basic, "/test");
        assertThat(RestMock.basicCredentials(m.request(0))).isEqualTo("appId.keyId:keySecret");

        RestClient token = m.rt.restClient(
                io.ably4j.ClientOptions.builder().token("my-token-string").build());
        get(token, "/test");
        assertThat(m.requests()).hasSize(2);
        assertThat(RestMock.header(m.request(1), "Authorization")).isEqualTo("Bearer my-token-string");
    }

    @Test
    void RSC19c_protocol_headers_json_0() {
        m.always(200, "[]");
        RestClient client = m.client(b -> b.useBinaryProtocol(false));

        m.await(client.request("POST", "/test", 3, null, Map.of("a", 1), null));

        assertThat(m.request(0).headers())
                .containsEntry("Accept", "application/json")
                .containsEntry("Content-Type", "application/json");
    }

    @Test
    void RSC19c_protocol_headers_msgpack_1() {
        m.always(200, "[]");
        RestClient client = m.client(b -> b.useBinaryProtocol(true));

        m.await(client.request("POST", "/test", 3, null, Map.of("a", 1), null));

        assertThat(m.request(0).headers())
                .containsEntry("Accept", "application/x-msgpack")
                .containsEntry("Content-Type", "application/x-msgpack");
    }

    @Test
    void RSC19c_body_encoded_per_protocol_2() {
        m.always(200, "[]");
        RestClient json = m.client(b -> b.useBinaryProtocol(false));
        m.await(json.request(
                "POST", "/test", 3, null, Json.parse("{\"name\":\"event\",\"data\":{\"nested\":\"value\"}}"), null));
        assertThat(new String(RestMock.bytes(m.request(0)), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("{\"name\":\"event\",\"data\":{\"nested\":\"value\"}}");

        RestClient msgpack = m.client(b -> b.useBinaryProtocol(true));
        m.await(msgpack.request("POST", "/test", 3, null, Map.of("name", "event", "data", "value"), null));
        HttpCall sent = m.request(1);
        assertThat(RestMock.bytes(sent)[0] & 0xf0).as("a msgpack fixmap").isEqualTo(0x80);
        assertThat(RestMock.bodyObject(sent)).containsEntry("name", "event").containsEntry("data", "value");
    }

    @Test
    void RSC19c_response_decoded_by_content_type_3() {
        m.queue(200, "[{\"id\":\"1\",\"name\":\"item1\"},{\"id\":\"2\",\"name\":\"item2\"}]");
        m.queueMsgpack(200, "[{\"id\":\"1\"}]");
        RestClient client = m.client(b -> b.useBinaryProtocol(false));

        List<Json> jsonItems = get(client, "/test").items();
        assertThat(jsonItems).hasSize(2);
        assertThat(field(jsonItems.get(0), "id")).isEqualTo("1");
        assertThat(field(jsonItems.get(1), "name")).isEqualTo("item2");

        List<Json> msgpackItems = get(client, "/test").items(); // a JSON client reads a msgpack response by its type
        assertThat(msgpackItems).hasSize(1);
        assertThat(field(msgpackItems.get(0), "id")).isEqualTo("1");
    }

    @Test
    void RSC19d_response_status_code_0() {
        for (int status : List.of(200, 201, 400, 404, 500)) {
            try (RestMock mock = new RestMock()) {
                String body =
                        status >= 400 ? "{\"error\":{\"code\":" + status * 100 + ",\"message\":\"Error\"}}" : "[]";
                mock.always(status, body); // a 500 is answered by the fallback hosts too
                RestClient client = mock.client();

                HttpPaginatedResponse response = mock.await(client.request("GET", "/test", 3));

                assertThat(response.statusCode()).isEqualTo(status);
            }
        }
    }

    @Test
    void RSC19d_response_success_indicator_1() {
        Map<Integer, Boolean> cases = new LinkedHashMap<>();
        cases.put(200, true);
        cases.put(201, true);
        cases.put(204, true);
        cases.put(299, true);
        cases.put(300, false);
        cases.put(400, false);
        cases.put(500, false);
        cases.forEach((status, success) -> {
            try (RestMock mock = new RestMock()) {
                mock.http.handler = call -> MockHttp.respond(status, "", Map.of());
                RestClient client = mock.client();

                HttpPaginatedResponse response = mock.await(client.request("GET", "/test", 3));

                assertThat(response.success()).as("status %d", status).isEqualTo(success);
                assertThat(response.statusCode()).isEqualTo(status);
            }
        });
    }

    @Test
    void RSC19d_response_error_code_header_2() {
        m.queue(401, "{\"error\":{\"code\":40101,\"message\":\"Unauthorized\"}}", Map.of("X-Ably-Errorcode", "40101"));
        RestClient client = m.client();

        HttpPaginatedResponse response = get(client, "/test");

        assertThat(response.errorCode()).isEqualTo(40101);
        assertThat(response.success()).isFalse();
    }

    @Test
    void RSC19d_response_error_message_header_3() {
        m.queue(
                401,
                "{\"error\":{\"code\":40101,\"message\":\"Unauthorized\"}}",
                Map.of("X-Ably-Errorcode", "40101", "X-Ably-Errormessage", "Token expired"));
        RestClient client = m.client();

        HttpPaginatedResponse response = get(client, "/test");

        assertThat(response.errorMessage()).isEqualTo("Token expired");
    }

    @Test
    void RSC19d_response_headers_accessible_4() {
        m.queue(200, "[]", Map.of("X-Request-Id", "req-123", "X-Custom-Header", "custom-value"));
        RestClient client = m.client();

        HttpPaginatedResponse response = get(client, "/test");

        assertThat(response.header("Content-Type")).isEqualTo("application/json");
        assertThat(response.header("X-Request-Id")).isEqualTo("req-123");
        assertThat(response.header("X-Custom-Header")).isEqualTo("custom-value");
        assertThat(response.headers()).containsEntry("x-request-id", List.of("req-123"));
    }

    @Test
    void RSC19d_response_items_decoded_5() {
        m.queue(200, "[{\"id\":\"msg1\",\"data\":\"hello\"},{\"id\":\"msg2\",\"data\":\"world\"}]");
        RestClient client = m.client();

        List<Json> items = get(client, "/channels/test/messages").items();

        assertThat(items).hasSize(2);
        assertThat(field(items.get(0), "id")).isEqualTo("msg1");
        assertThat(field(items.get(1), "id")).isEqualTo("msg2");
    }

    @Test
    void RSC19d_pagination_with_link_headers_6() {
        m.queue(
                200,
                "[{\"id\":\"1\"},{\"id\":\"2\"}]",
                Map.of("Link", "</channels/test/messages?page=2>; rel=\"next\""));
        m.queue(200, "[{\"id\":\"3\"}]");
        RestClient client = m.client();

        HttpPaginatedResponse response = get(client, "/channels/test/messages");
        assertThat(response.items()).hasSize(2);
        assertThat(response.hasNext()).isTrue();

        HttpPaginatedResponse page2 = m.await(response.nextResponse());
        assertThat(page2).isNotNull();
        assertThat(page2.items()).hasSize(1);
        assertThat(field(page2.items().get(0), "id")).isEqualTo("3");
        assertThat(page2.hasNext()).isFalse();
        assertThat(m.request(1).uri().getPath()).isEqualTo("/channels/test/messages");
        assertThat(RestMock.query(m.request(1))).containsEntry("page", "2");
        assertThat(m.request(1).headers())
                .as("HP2: the next page keeps the version")
                .containsEntry("X-Ably-Version", "3");
    }

    @Test
    void RSC19d_non_array_response_handling_7() {
        m.queue(200, "{\"time\":1234567890000}");
        RestClient client = m.client();

        List<Json> items = get(client, "/time").items();

        assertThat(items).hasSize(1);
        assertThat(field(items.get(0), "time")).isEqualTo(1234567890000L);
    }

    @Test
    void RSC19e_network_error_propagated_0() {
        RestClient client = m.client(b -> b.fallbackHosts(List.of())); // the mock refuses every connection

        ErrorInfo error = m.fails(client.request("GET", "/test", 3));

        assertThat(error.code()).isEqualTo(80000);
    }

    @Test
    void RSC19e_timeout_error_handling_1() {
        m.http.handler = call -> new CompletableFuture<HttpResult>(); // answers after 5 s: never within 1 s
        RestClient client =
                m.client(b -> b.httpRequestTimeout(Duration.ofSeconds(1)).fallbackHosts(List.of()));

        CompletableFuture<HttpPaginatedResponse> response = client.request("GET", "/test", 3);
        m.rt.drain();
        assertThat(response).isNotDone();
        m.rt.advance(Duration.ofMillis(999));
        assertThat(response).isNotDone();
        m.rt.advance(Duration.ofMillis(1));
        ErrorInfo error = m.fails(response);

        assertThat(error.code()).isEqualTo(50003);
    }

    @Test
    void RSC19e_http_error_no_fallback_2() {
        m.queue(400, "{\"error\":{\"code\":40000,\"message\":\"Bad request\"}}", Map.of("X-Ably-Errorcode", "40000"));
        RestClient client = m.client(b -> b.fallbackHosts(List.of("a.ably-realtime.com", "b.ably-realtime.com")));

        HttpPaginatedResponse response = get(client, "/test");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.success()).isFalse();
        assertThat(response.errorCode()).isEqualTo(40000);
        assertThat(m.requests()).hasSize(1);
    }

    @Test
    void RSC19e_fallback_on_server_error_3() {
        m.http.queue(call -> MockHttp.respond(500, "Internal Server Error", Map.of("Content-Type", "text/plain")));
        m.queue(200, "[{\"id\":\"1\"}]");
        RestClient client = m.client(b -> b.fallbackHosts(List.of("fallback.ably-realtime.com")));

        HttpPaginatedResponse response = get(client, "/test");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.success()).isTrue();
        assertThat(m.requests()).hasSize(2);
        assertThat(m.request(1).uri().getHost()).isEqualTo("fallback.ably-realtime.com");
    }

    @Test
    void RSC19e_fallback_on_server_error_3_lastResponseWhenHostsRunOut() {
        m.queue(503, "{\"error\":{\"code\":50300,\"message\":\"Unavailable\"}}");
        RestClient client = m.client(b -> b.fallbackHosts(List.of("fallback.ably-realtime.com"))); // then refused

        HttpPaginatedResponse response = get(client, "/test");

        assertThat(m.requests()).hasSize(2);
        assertThat(response.statusCode())
                .as("a host answered: its response is the result")
                .isEqualTo(503);
    }

    @Test
    void RSC19b_cannot_override_auth_1() {
        m.queue(200, "[]");
        RestClient client = m.client();

        m.await(client.request("GET", "/test", 3, null, null, Map.of("authorization", "Bearer malicious-token")));

        HttpCall request = m.request(0);
        assertThat(RestMock.header(request, "Authorization")).startsWith("Basic ");
        assertThat(request.headers().keySet().stream().filter(k -> k.equalsIgnoreCase("Authorization")))
                .hasSize(1);
    }

    @Test
    void RSC19f_path_leading_slash_handling_4() {
        for (String path : List.of("/channels/test", "channels/test")) {
            try (RestMock mock = new RestMock()) {
                mock.queue(200, "[]");
                RestClient client = mock.client();

                mock.await(client.request("GET", path, 3));

                assertThat(mock.request(0).uri().getPath()).isEqualTo("/channels/test");
            }
        }
    }

    @Test
    void RSC19d_empty_response_handling_8() {
        m.http.queue(call -> MockHttp.respond(204, "", Map.of()));
        RestClient client = m.client();

        HttpPaginatedResponse response = get(client, "/test");

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.success()).isTrue();
        assertThat(response.items()).isEmpty();
    }

    @Test
    void RSC19f_bad_arguments_fail_without_request() {
        RestClient client = m.client();

        assertThat(m.fails(client.request("", "/test", 3)).code()).isEqualTo(40000);
        assertThat(m.fails(client.request("GET", "", 3)).code()).isEqualTo(40000);
        assertThat(m.fails(client.request("GET", "/test?x=1", 3)).code()).isEqualTo(40000);
        assertThat(m.fails(client.request("GET", "/test", 0)).code()).isEqualTo(40000);
        assertThat(m.fails(client.request("POST", "/test", 3, null, new Object(), null))
                        .code())
                .isEqualTo(40013);
        assertThat(m.requests()).isEmpty();
    }

    @Test
    void RSA4b_request_renews_token_on_token_error() {
        m.http.handler = call -> call.uri().getPath().endsWith("/requestToken")
                ? MockHttp.json(200, "{\"token\":\"renewed\",\"expires\":9999999999999}")
                : MockHttp.json(401, "{\"error\":{\"code\":40142,\"statusCode\":401,\"message\":\"Token expired\"}}");
        m.http.queue(call -> MockHttp.json(200, "{\"token\":\"first\",\"expires\":9999999999999}"));
        m.http.queue(
                call -> MockHttp.json(401, "{\"error\":{\"code\":40142,\"statusCode\":401,\"message\":\"expired\"}}"));
        m.http.queue(call -> MockHttp.json(200, "{\"token\":\"second\",\"expires\":9999999999999}"));
        m.http.queue(call -> MockHttp.json(200, "[{\"ok\":true}]"));
        RestClient client = m.client(b -> b.authOptions(io.ably4j.AuthOptions.builder()
                .key("appId.keyId:keySecret")
                .useTokenAuth(true)
                .build()));

        HttpPaginatedResponse response = get(client, "/test");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(m.requests()).hasSize(4);
        assertThat(RestMock.header(m.request(1), "Authorization")).isEqualTo("Bearer first");
        assertThat(RestMock.header(m.request(3), "Authorization")).isEqualTo("Bearer second");
    }

    @Test
    void RTC9_request_proxies_rest_0() {
        m.queue(201, "[{\"id\":\"1\"}]", Map.of("X-Ably-Errorcode", "0"));
        RealtimeClient client = m.rt.client(b -> b.autoConnect(false));

        HttpPaginatedResponse response =
                m.await(client.request("POST", "channels/x/messages", 3, Map.of("a", "b"), List.of(1, 2), null));

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.items()).hasSize(1);
        HttpCall request = m.request(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.uri().getPath()).isEqualTo("/channels/x/messages");
        assertThat(request.headers()).containsEntry("X-Ably-Version", "3");
        assertThat(RestMock.basicCredentials(request)).isEqualTo("appId.keyId:keySecret");
        assertThat(RestMock.body(request)).isEqualTo(List.of(1L, 2L));
    }
}
