package io.ably4j.types;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.internal.protocol.ProtocolCodec;
import io.ably4j.internal.protocol.WireFormat;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * UTS {@code rest/unit/types/error_types.md} (TI1–TI5) and the REST error body in both formats. In ably4j the
 * {@link ErrorInfo#cause()} is an {@link ErrorInfo} (as on the wire) and a Java {@link Throwable} cause is
 * carried by {@link AblyException}.
 */
class ErrorTypesUtsTest {
    private static ErrorInfo fromJson(String body) {
        return ProtocolCodec.create(WireFormat.JSON).decodeError(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void TI1_errorinfo_attributes_0() {
        assertThat(ErrorInfo.builder().code(40000).build().code()).isEqualTo(40000);
        assertThat(ErrorInfo.of(40100, 401, "").statusCode()).isEqualTo(401);
        assertThat(ErrorInfo.of(40000, 400, "Bad request: invalid parameter").message())
                .isEqualTo("Bad request: invalid parameter");
        assertThat(ErrorInfo.builder()
                        .code(40000)
                        .href("https://help.ably.io/error/40000")
                        .build()
                        .href())
                .isEqualTo("https://help.ably.io/error/40000");
        RuntimeException original = new RuntimeException("Network failure");
        AblyException e = new AblyException(ErrorInfo.of(50003, 500, "Timeout"), original);
        assertThat(e.getCause()).isSameAs(original);
        ErrorInfo cause = ErrorInfo.of(50001, 500, "inner");
        assertThat(ErrorInfo.builder().cause(cause).build().cause()).isSameAs(cause);
    }

    @Test
    void TI_errorinfo_from_json_0() {
        ErrorInfo error = fromJson("{\"error\":{\"code\":40100,\"statusCode\":401,\"message\":\"Token expired\","
                + "\"href\":\"https://help.ably.io/error/40100\"}}");
        assertThat(error.code()).isEqualTo(40100);
        assertThat(error.statusCode()).isEqualTo(401);
        assertThat(error.message()).isEqualTo("Token expired");
        assertThat(error.href()).isEqualTo("https://help.ably.io/error/40100");
        // the bare object is accepted too
        assertThat(fromJson("{\"code\":40100,\"statusCode\":401,\"message\":\"Token expired\","
                        + "\"href\":\"https://help.ably.io/error/40100\"}"))
                .isEqualTo(error);
    }

    @Test
    void TI_errorinfo_nested_cause_1() {
        ErrorInfo error = fromJson("{\"error\":{\"code\":50000,\"statusCode\":500,\"message\":\"Internal error\","
                + "\"cause\":{\"code\":50001,\"message\":\"Database connection failed\"}}}");
        assertThat(error.code()).isEqualTo(50000);
        ErrorInfo cause = Objects.requireNonNull(error.cause());
        assertThat(cause.code()).isEqualTo(50001);
        assertThat(cause.message()).isEqualTo("Database connection failed");
    }

    @Test
    void TI_ably_exception_wraps_errorinfo_2() {
        ErrorInfo info = ErrorInfo.of(40000, 400, "Bad request");
        AblyException exception = new AblyException(info);
        assertThat(exception.errorInfo().code()).isEqualTo(40000);
        assertThat(exception.errorInfo().statusCode()).isEqualTo(400);
        assertThat(exception.errorInfo().message()).isEqualTo("Bad request");
        assertThat(exception.errorInfo()).isSameAs(info);
    }

    @ParameterizedTest
    @CsvSource({
        "40000, 400, Bad request",
        "40100, 401, Unauthorized",
        "40101, 401, Invalid credentials",
        "40140, 401, Token error",
        "40142, 401, Token expired",
        "40160, 401, Invalid capability",
        "40300, 403, Forbidden",
        "40400, 404, Not found",
        "50000, 500, Internal server error",
        "50003, 500, Timeout"
    })
    void TI_common_error_codes_3(int code, int status, String meaning) {
        ErrorInfo error = ErrorInfo.of(code, status, meaning);
        assertThat(error.code()).isEqualTo(code);
        assertThat(error.statusCode()).isEqualTo(status);
        assertThat(error.message()).isEqualTo(meaning);
    }

    @Test
    void TI_error_string_representation_4() {
        String repr = ErrorInfo.of(40100, 401, "Unauthorized: token expired").toString();
        assertThat(repr).contains("40100").contains("401").contains("Unauthorized");
        assertThat(repr).contains("https://help.ably.io/error/40100"); // TI5
    }

    @Test
    void TI_error_equality_5() {
        ErrorInfo error1 = ErrorInfo.of(40000, 400, "Bad request");
        ErrorInfo error2 = ErrorInfo.of(40000, 400, "Bad request");
        ErrorInfo error3 = ErrorInfo.of(40100, 401, "Unauthorized");
        assertThat(error1).isEqualTo(error2).hasSameHashCodeAs(error2);
        assertThat(error1).isNotEqualTo(error3);
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void TI6_errorBodyRoundTrip_detailOmittedWhenEmpty(WireFormat format) {
        ProtocolCodec codec = ProtocolCodec.create(format);
        ErrorInfo full = ErrorInfo.builder()
                .code(40140)
                .statusCode(401)
                .message("Token error")
                .href("https://help.ably.io/error/40140")
                .requestId("r-1")
                .cause(ErrorInfo.of(40142, 401, "expired"))
                .detail("k", "v")
                .build();
        assertThat(codec.decodeError(codec.encodeError(full))).isEqualTo(full);
        ErrorInfo plain = ErrorInfo.of(40000, 400, "Bad");
        assertThat(codec.decodeError(codec.encodeError(plain))).isEqualTo(plain);
        if (format == WireFormat.JSON) {
            assertThat(new String(codec.encodeError(plain), StandardCharsets.UTF_8))
                    .isEqualTo("{\"error\":{\"code\":40000,\"statusCode\":400,\"message\":\"Bad\"}}");
        }
    }
}
