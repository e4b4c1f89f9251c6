package io.ably4j.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Regression tests for what the decoder fuzzers found (docs/reliability.md, "Fuzzing: Findings"). */
class FuzzFindingsRegressionTest {

    private static byte[] body(WireFormat format, String json) {
        return format == WireFormat.JSON ? json.getBytes(StandardCharsets.UTF_8) : MsgpackTestSupport.fromJson(json);
    }

    /** Finding 1: a value the type's builder rejects escaped as a 40003 AblyException instead of 40000. */
    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void TK_tokenParamsWithANegativeTtl_failsWithProtocolDecodeException(WireFormat format) {
        ProtocolCodec codec = ProtocolCodec.create(format);
        Throwable t = catchThrowable(() -> codec.decodeTokenParams(body(format, "{\"ttl\":-1,\"clientId\":\"c\"}")));
        assertThat(t).isInstanceOf(ProtocolDecodeException.class);
        assertThat(((ProtocolDecodeException) t).errorInfo().code()).isEqualTo(40000);
        assertThat(t.getMessage()).contains("TokenParams");
    }
}
