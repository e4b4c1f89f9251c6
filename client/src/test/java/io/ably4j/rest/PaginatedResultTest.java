package io.ably4j.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.HttpPaginatedResponse;
import io.ably4j.PaginatedResult;
import io.ably4j.RestClient;
import io.ably4j.Stats;
import io.ably4j.internal.http.HttpCall;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.Json;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * UTS {@code rest/unit/types/paginated_result.md}: pages and their links (TG1-TG4).
 *
 * <p>The UTS pages through a channel's history or presence; here the same {@code GET /channels/test/messages} (or
 * {@code /presence}) is made with {@code client.request()}, whose {@link HttpPaginatedResponse} is a {@link
 * PaginatedResult} of JSON items paged by the same code as every other query. Where the UTS needs typed items or a
 * failing {@code next()} (a {@code request()} page returns error responses rather than failing), the query is {@code
 * client.stats()}, a {@code PaginatedResult<Stats>} whose items are stats objects.
 */
class PaginatedResultTest {
    private final RestMock m = new RestMock();

    @AfterEach
    void close() {
        m.close();
    }

    private HttpPaginatedResponse history(RestClient client) {
        return m.await(client.request("GET", "/channels/test/messages", 3));
    }

    private @Nullable PaginatedResult<Json> next(PaginatedResult<Json> page) {
        return m.await(page.next());
    }

    private static @Nullable Object id(PaginatedResult<Json> page, int i) {
        return RestMock.field(page.items().get(i), "id");
    }

    private void link(int status, String body, String link) {
        m.queue(status, body, link.isEmpty() ? Map.of() : Map.of("Link", link));
    }

    @Test
    void TG1_paginated_result_items_0() {
        m.always(
                200,
                "[{\"id\":\"item1\",\"name\":\"e1\",\"data\":\"d1\"},{\"id\":\"item2\",\"name\":\"e2\",\"data\":\"d2\"}]");
        RestClient client = m.client();

        PaginatedResult<Json> result = history(client);

        assertThat(result.items()).hasSize(2);
        assertThat(id(result, 0)).isEqualTo("item1");
        assertThat(id(result, 1)).isEqualTo("item2");
    }

    @Test
    void TG2_has_next_is_last_0() {
        link(200, "[{\"id\":\"item1\"}]", "</channels/test/messages?cursor=next123>; rel=\"next\"");
        link(200, "[{\"id\":\"item1\"}]", "");
        RestClient client = m.client();

        PaginatedResult<Json> more = history(client);
        assertThat(more.hasNext()).isTrue();
        assertThat(more.isLast()).isFalse();

        PaginatedResult<Json> last = history(client);
        assertThat(last.hasNext()).isFalse();
        assertThat(last.isLast()).isTrue();
    }

    @Test
    void TG3_next_fetches_next_page_0() {
        link(
                200,
                "[{\"id\":\"page1-item1\"},{\"id\":\"page1-item2\"}]",
                "</channels/test/messages?cursor=abc123>; rel=\"next\"");
        link(200, "[{\"id\":\"page2-item1\"}]", "");
        RestClient client = m.client();

        PaginatedResult<Json> page1 = history(client);
        PaginatedResult<Json> page2 = Objects.requireNonNull(next(page1));

        assertThat(page1.items()).hasSize(2);
        assertThat(id(page1, 0)).isEqualTo("page1-item1");
        assertThat(page1.hasNext()).isTrue();
        assertThat(page2.items()).hasSize(1);
        assertThat(id(page2, 0)).isEqualTo("page2-item1");
        assertThat(page2.hasNext()).isFalse();
        HttpCall nextRequest = m.request(1);
        assertThat(nextRequest.uri().getPath()).isEqualTo("/channels/test/messages");
        assertThat(RestMock.query(nextRequest)).containsEntry("cursor", "abc123");
    }

    @Test
    void TG4_first_returns_first_page_0() {
        link(
                200,
                "[{\"id\":\"item1\"}]",
                "</channels/test/messages?cursor=next>; rel=\"next\", </channels/test/messages>; rel=\"first\"");
        link(200, "[{\"id\":\"item2\"}]", "</channels/test/messages>; rel=\"first\"");
        link(200, "[{\"id\":\"item1\"}]", "</channels/test/messages?cursor=next>; rel=\"next\"");
        RestClient client = m.client();

        PaginatedResult<Json> page1 = history(client);
        PaginatedResult<Json> page2 = Objects.requireNonNull(next(page1));
        PaginatedResult<Json> first = m.await(page2.first());

        assertThat(id(page2, 0)).isEqualTo("item2");
        assertThat(id(first, 0)).isEqualTo("item1");
        assertThat(m.request(2).uri().getPath()).isEqualTo("/channels/test/messages");
        assertThat(RestMock.query(m.request(2))).doesNotContainKey("cursor");
    }

    @Test
    void TG_empty_result_handling_0() {
        m.always(200, "[]");
        RestClient client = m.client();

        PaginatedResult<Json> result = history(client);

        assertThat(result.items()).isEmpty();
        assertThat(result.hasNext()).isFalse();
        assertThat(result.isLast()).isTrue();
    }

    @Test
    void TG_link_header_parsing_1() {
        record Case(String link, boolean hasNext, @Nullable String cursor) {}
        List<Case> cases = List.of(
                new Case("</path?cursor=abc>; rel=\"next\"", true, "abc"),
                new Case("</path?cursor=abc>; rel=\"next\", </path>; rel=\"first\"", true, "abc"),
                new Case("</path>; rel=\"first\"", false, null),
                new Case("", false, null));
        for (Case c : cases) {
            try (RestMock mock = new RestMock()) {
                mock.queue(200, "[{\"id\":\"item\"}]", c.link().isEmpty() ? Map.of() : Map.of("Link", c.link()));
                mock.always(200, "[]");
                RestClient client = mock.client();

                PaginatedResult<Json> result = mock.await(client.request("GET", "/channels/test/messages", 3));

                assertThat(result.hasNext()).as(c.link()).isEqualTo(c.hasNext());
                if (c.cursor() != null) {
                    mock.await(result.next());
                    assertThat(mock.request(1).uri().getPath()).isEqualTo("/path");
                    assertThat(RestMock.query(mock.request(1))).containsEntry("cursor", c.cursor());
                }
            }
        }
    }

    /** The items of a typed query are of its type: {@code stats()} pages hold {@link Stats}. */
    @Test
    void TG_type_parameter_items_2() {
        m.always(200, "[{\"intervalId\":\"2024-01-01:00:01\",\"unit\":\"minute\",\"entries\":{}}]");
        RestClient client = m.client();

        PaginatedResult<Stats> result = m.await(client.stats());

        Stats first = result.items().get(0);
        assertThat(first.intervalId()).isEqualTo("2024-01-01:00:01");
    }

    /** {@code next()} on the last page completes with null, without a request (TG4). */
    @Test
    void TG_next_on_last_page_3() {
        m.queue(200, "[{\"id\":\"item\"}]");
        RestClient client = m.client();

        PaginatedResult<Json> result = history(client);
        assertThat(result.isLast()).isTrue();

        assertThat(next(result)).isNull();
        assertThat(m.requests()).hasSize(1);
    }

    @Test
    void TG_pagination_preserves_auth_4() {
        link(200, "[{\"id\":\"item1\"}]", "</channels/test/messages?cursor=next>; rel=\"next\"");
        m.always(200, "[{\"id\":\"item2\"}]");
        RestClient client = m.client();

        next(history(client));

        String first = RestMock.header(m.request(0), "Authorization");
        assertThat(first).isNotNull().startsWith("Basic ");
        assertThat(RestMock.header(m.request(1), "Authorization")).isEqualTo(first);
    }

    /** The UTS's {@code restHost} is the deprecated primary-domain option (REC1d1); a relative link stays on it. */
    @Test
    void TG_pagination_relative_urls_5() {
        link(200, "[{\"id\":\"item1\"}]", "</channels/test/messages?page=2>; rel=\"next\"");
        m.always(200, "[{\"id\":\"item2\"}]");
        RestClient client = m.client(b -> b.restHost("rest.ably.io"));

        next(history(client));

        HttpCall second = m.request(1);
        assertThat(second.uri().getHost()).isEqualTo("rest.ably.io");
        assertThat(second.uri().getPath()).isEqualTo("/channels/test/messages");
        assertThat(RestMock.query(second)).containsEntry("page", "2");
    }

    @Test
    void TG_multiple_link_relations_6() {
        link(
                200,
                "[{\"id\":\"item1\"}]",
                "</channels/test/messages?page=2>; rel=\"next\", </channels/test/messages?page=1>; rel=\"first\","
                        + " </channels/test/messages?page=5>; rel=\"last\"");
        m.always(200, "[{\"id\":\"other\"}]");
        RestClient client = m.client();

        PaginatedResult<Json> result = history(client);
        assertThat(result.hasNext()).isTrue();

        next(result);
        m.await(result.first());
        assertThat(RestMock.query(m.request(1))).containsEntry("page", "2");
        assertThat(RestMock.query(m.request(2))).containsEntry("page", "1");
    }

    /** The UTS reads a channel's REST presence; {@code request()} pages the same presence query the same way. */
    @Test
    void TG_pagination_presence_results_7() {
        link(200, "[{\"action\":1,\"clientId\":\"client1\"}]", "</channels/test/presence?page=2>; rel=\"next\"");
        m.always(200, "[{\"action\":1,\"clientId\":\"client2\"}]");
        RestClient client = m.client();

        PaginatedResult<Json> page1 = m.await(client.request("GET", "/channels/test/presence", 3));
        PaginatedResult<Json> page2 = Objects.requireNonNull(next(page1));

        assertThat(RestMock.field(page1.items().get(0), "clientId")).isEqualTo("client1");
        assertThat(RestMock.field(page2.items().get(0), "clientId")).isEqualTo("client2");
        assertThat(m.request(1).uri().getPath()).isEqualTo("/channels/test/presence");
    }

    /** ably4j's agent is {@code ably4j/x.y.z ...} (RSC7d1); the UTS's {@code ably-} names Ably's own SDKs. */
    @Test
    void TG_pagination_includes_headers_8() {
        link(200, "[{\"id\":\"item1\"}]", "</channels/test/messages?cursor=next>; rel=\"next\"");
        m.always(200, "[{\"id\":\"item2\"}]");
        RestClient client = m.client();

        next(history(client));

        Map<String, String> headers = m.request(1).headers();
        assertThat(headers).containsKey("X-Ably-Version");
        assertThat(headers.get("Ably-Agent")).startsWith("ably4j/");
        assertThat(headers.get("X-Ably-Version"))
                .isEqualTo(m.request(0).headers().get("X-Ably-Version"));
    }

    @Test
    void TG_error_handling_on_next_9() {
        m.queue(
                200,
                "[{\"intervalId\":\"2024-01-01:00:01\"}]",
                Map.of("Link", "</stats?cursor=invalid>; rel=\"next\""));
        m.always(404, "{\"error\":{\"code\":40400,\"statusCode\":404,\"message\":\"Not found\"}}");
        RestClient client = m.client();
        PaginatedResult<Stats> page1 = m.await(client.stats());

        ErrorInfo error = m.fails(page1.next());

        assertThat(error.statusCode()).isEqualTo(404);
        assertThat(error.code()).isEqualTo(40400);
        assertThat(RestMock.query(m.request(1))).containsEntry("cursor", "invalid");
    }
}
