package io.ably4j.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ably4j.types.ProtocolMessage.Action;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

/**
 * Null passed where the public value types require a value fails with an {@link AblyException} carrying an Ably error
 * code, never with a {@link NullPointerException}; the builder involved is left as it was.
 */
@NullUnmarked // the tests pass nulls on purpose
class NullArgumentsTest {
    private static void assertCode(ThrowingCallable call, int code) {
        assertThatThrownBy(call)
                .isInstanceOf(AblyException.class)
                .satisfies(
                        e -> assertThat(((AblyException) e).errorInfo().code()).isEqualTo(code));
    }

    @Test
    void jsonParseNull_40013() {
        assertCode(() -> Json.parse(null), 40013);
    }

    @Test
    void TI6_errorInfoDetailWithNullKeyOrValue_40000() {
        ErrorInfo.Builder b = ErrorInfo.builder().code(40000).detail("k", "v");
        assertCode(() -> b.detail(null, "v"), 40000);
        assertCode(() -> b.detail("k2", null), 40000);
        assertThat(b.build().detail()).containsExactly(Map.entry("k", "v"));
    }

    @Test
    void TD7_tokenDetailsNulls_40000() {
        assertCode(() -> TokenDetails.fromJson(null), 40000);
        assertCode(() -> TokenDetails.builder(null), 40000);
        assertCode(() -> TokenDetails.of(null), 40000);
        TokenDetails.Builder b = TokenDetails.builder("tok");
        assertCode(() -> b.token(null), 40000);
        assertThat(b.build().token()).isEqualTo("tok");
    }

    @Test
    void TE6_tokenRequestFromJsonNull_40000() {
        assertCode(() -> TokenRequest.fromJson(null), 40000);
    }

    @Test
    void AD2_authDetailsNullToken_40000() {
        assertCode(() -> AuthDetails.of(null), 40000);
    }

    @Test
    void PBR2a_publishResultNullSerials_40000() {
        assertCode(() -> PublishResult.of(null), 40000);
    }

    @Test
    void TM2u_messageAnnotationsNullSummary_40000() {
        assertCode(() -> MessageAnnotations.of(null), 40000);
    }

    @Test
    void TM2s_messageVersionNullMetadata_40000() {
        MessageVersion.Builder b = MessageVersion.builder().metadata(Map.of("a", "b"));
        assertCode(() -> b.metadata(null), 40000);
        assertThat(b.build().metadata()).containsExactly(Map.entry("a", "b"));
    }

    @Test
    void TR4_protocolMessageBuilderNulls_40000() {
        assertCode(() -> ProtocolMessage.builder((Action) null), 40000);
        assertCode(() -> ProtocolMessage.of(null), 40000);
        ProtocolMessage.Builder b = ProtocolMessage.builder(Action.MESSAGE)
                .channel("c")
                .messages(List.of(Message.of("n", "d")))
                .params(Map.of("p", "v"));
        assertCode(() -> b.action(null), 40000);
        assertCode(() -> b.flag(null), 40000);
        assertCode(() -> b.messages(null), 40000);
        assertCode(() -> b.addMessage(null), 40000);
        assertCode(() -> b.presence(null), 40000);
        assertCode(() -> b.params(null), 40000);
        assertCode(() -> b.res(null), 40000);
        ProtocolMessage pm = b.build();
        assertThat(pm.action()).isEqualTo(Action.MESSAGE);
        assertThat(pm.messages()).hasSize(1);
        assertThat(pm.params()).containsEntry("p", "v");
        assertCode(() -> pm.hasFlag(null), 40000);
    }
}
