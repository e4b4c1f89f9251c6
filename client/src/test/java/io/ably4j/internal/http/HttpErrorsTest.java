package io.ably4j.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.internal.protocol.ProtocolCodec;
import io.ably4j.internal.protocol.WireFormat;
import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** {@link HttpErrors}: the ErrorInfo of each kind of failed exchange (RSC7, RSC15l). */
class HttpErrorsTest {
    private static final String HOST = "main.realtime.ably.net";

    private static HttpResult response(int status, byte[] body, String... headers) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            h.put(headers[i], List.of(headers[i + 1]));
        }
        return new HttpResult(status, h, body);
    }

    private static HttpResult response(int status, String body, String... headers) {
        return response(status, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    @Test
    void ablyErrorBodyInJson() {
        ErrorInfo e = HttpErrors.fromResponse(
                response(
                        401,
                        "{\"error\":{\"code\":40142,\"statusCode\":401,\"message\":\"Token expired\","
                                + "\"href\":\"https://help.ably.io/error/40142\"}}",
                        "Content-Type",
                        "application/json"),
                HOST);

        assertThat(e)
                .isEqualTo(ErrorInfo.builder()
                        .code(40142)
                        .statusCode(401)
                        .message("Token expired")
                        .href("https://help.ably.io/error/40142")
                        .build());
    }

    @Test
    void ablyErrorBodyInMsgpack_decodedByContentType() {
        byte[] body = ProtocolCodec.create(WireFormat.MSGPACK).encodeError(ErrorInfo.of(40400, 404, "Not found"));
        ErrorInfo e = HttpErrors.fromResponse(response(404, body, "Content-Type", "application/x-msgpack"), HOST);

        assertThat(e).isEqualTo(ErrorInfo.of(40400, 404, "Not found"));
    }

    @Test
    void missingCodesComeFromTheStatus() {
        ErrorInfo e = HttpErrors.fromResponse(response(503, "{\"error\":{\"message\":\"overloaded\"}}"), HOST);

        assertThat(e).isEqualTo(ErrorInfo.of(50300, 503, "overloaded"));
    }

    @Test
    void htmlFromAProxy_isStatusTimes100() {
        ErrorInfo e = HttpErrors.fromResponse(
                response(
                        502,
                        "<html>\n<body>Bad   gateway</body></html>",
                        "Content-Type",
                        "text/html",
                        "Server",
                        "nginx"),
                HOST);

        assertThat(e.code()).isEqualTo(50200);
        assertThat(e.statusCode()).isEqualTo(502);
        assertThat(e.message())
                .contains("HTTP 502 from " + HOST)
                .contains("Server: nginx")
                .contains("<html> <body>Bad gateway");
    }

    @Test
    void emptyServerError_is50000() {
        ErrorInfo e = HttpErrors.fromResponse(response(500, ""), HOST);

        assertThat(e.code()).isEqualTo(50000);
        assertThat(e.statusCode()).isEqualTo(500);
        assertThat(e.message()).contains("no Ably error");
    }

    @Test
    void cloudFrontErrorWithAStringError_isNotAnAblyError() {
        ErrorInfo e = HttpErrors.fromResponse(
                response(403, "{\"error\":\"Forbidden\"}", "Content-Type", "application/json", "Server", "CloudFront"),
                HOST);

        assertThat(e.code()).isEqualTo(40300);
        assertThat(e.statusCode()).isEqualTo(403);
    }

    @Test
    void ablyErrorHeadersWhenTheBodyIsNotAnAblyError() {
        ErrorInfo e = HttpErrors.fromResponse(
                response(400, "bad", "X-Ably-Errorcode", "40003", "X-Ably-Errormessage", "invalid param"), HOST);

        assertThat(e).isEqualTo(ErrorInfo.of(40003, 400, "invalid param"));
    }

    @Test
    void statusOutside4xx5xx_is50000WithThatStatus() {
        ErrorInfo e = HttpErrors.fromResponse(response(302, ""), HOST);

        assertThat(e.code()).isEqualTo(50000);
        assertThat(e.statusCode()).isEqualTo(302);
    }

    @Test
    void networkFailures_are80000With503AndQualify() {
        for (Exception failure : List.of(
                new ConnectException("refused"),
                new UnknownHostException(HOST),
                new SSLHandshakeException("bad cert"))) {
            ErrorInfo e = HttpErrors.fromFailure(new CompletionException(failure), HOST, Duration.ofSeconds(10));
            assertThat(e.code()).as(failure.toString()).isEqualTo(80000);
            assertThat(e.statusCode()).isEqualTo(503);
            assertThat(e.message()).contains(HOST).contains(failure.getClass().getSimpleName());
            assertThat(HttpErrors.qualifiesForFallback(new CompletionException(failure)))
                    .isTrue();
        }
    }

    @Test
    void timeouts_are50003With504AndQualify() {
        ErrorInfo e = HttpErrors.fromFailure(new HttpConnectTimeoutException("t"), HOST, Duration.ofSeconds(10));

        assertThat(e.code()).isEqualTo(50003);
        assertThat(e.statusCode()).isEqualTo(504);
        assertThat(e.message()).contains("10000 ms");
        assertThat(HttpErrors.qualifiesForFallback(new HttpConnectTimeoutException("t")))
                .isTrue();
    }

    @Test
    void otherFailuresDoNotQualify() {
        assertThat(HttpErrors.qualifiesForFallback(new IllegalArgumentException("restricted header")))
                .isFalse();
        assertThat(HttpErrors.fromFailure(new IllegalArgumentException("x"), HOST, Duration.ofSeconds(1))
                        .code())
                .isEqualTo(40000);
        AblyException ably = AblyException.of(40160, 401, "denied");
        assertThat(HttpErrors.fromFailure(new CompletionException(ably), HOST, Duration.ofSeconds(1)))
                .isSameAs(ably.errorInfo());
        assertThat(HttpErrors.qualifiesForFallback(ably)).isFalse();
    }
}
