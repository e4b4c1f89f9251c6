package io.ably4j.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** TK2a: a token's ttl is a duration in ms; a negative one is refused when the params are built. */
class TokenParamsTest {
    @Test
    void TK2a_negativeTtl_40003_andTheBuilderIsUnchanged() {
        TokenParams.Builder b = TokenParams.builder().ttl(1000L);

        assertThatThrownBy(() -> b.ttl(-1L)).isInstanceOf(AblyException.class).satisfies(e -> {
            ErrorInfo error = ((AblyException) e).errorInfo();
            assertThat(error.code()).isEqualTo(40003);
            assertThat(error.statusCode()).isEqualTo(400);
            assertThat(error.message()).contains("-1");
        });
        assertThat(b.build().ttl()).isEqualTo(1000L);
    }

    @Test
    void TK2a_zeroAndPositiveAndNullTtl_areAccepted() {
        assertThat(TokenParams.builder().ttl(0L).build().ttl()).isZero();
        assertThat(TokenParams.builder().ttl(3_600_000L).build().ttl()).isEqualTo(3_600_000L);
        assertThat(TokenParams.builder().ttl(null).build().ttl()).isNull();
    }
}
