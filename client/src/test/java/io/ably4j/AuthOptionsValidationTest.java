package io.ably4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ably4j.internal.auth.TokenRequestSigner;
import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.TokenParams;
import java.util.LinkedHashMap;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * Bad auth options fail when they are built, with the spec's code, not later when the client connects: authHeaders
 * (RSA8c3) that no HTTP request could carry, and malformed keys (one check for the options and the token request
 * signer).
 */
class AuthOptionsValidationTest {
    private static ErrorInfo fails(ThrowingCallable call) {
        Throwable[] thrown = new Throwable[1];
        assertThatThrownBy(call).isInstanceOf(AblyException.class).satisfies(t -> thrown[0] = t);
        return ((AblyException) thrown[0]).errorInfo();
    }

    private static ErrorInfo header(String name, String value) {
        AuthOptions.Builder b = AuthOptions.builder().authHeaders(Map.of("X-Good", "1"));
        ErrorInfo e = fails(() -> b.authHeaders(Map.of(name, value)));
        assertThat(b.build().authHeaders()).as("the builder is unchanged").containsExactly(Map.entry("X-Good", "1"));
        return e;
    }

    @Test
    void RSA8c3_headerNameThatIsNotAnHttpToken_40000() {
        for (String name : new String[] {"", "X Space", "X:Colon", "X\r\nInjected", "Ünïcode", "(paren)"}) {
            ErrorInfo e = header(name, "v");
            assertThat(e.code()).as(name).isEqualTo(40000);
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.message()).doesNotContain("\r").doesNotContain("\n");
        }
    }

    @Test
    void RSA8c3_headerValueWithCrLfOrControlCharacters_40000_withoutQuotingTheValue() {
        for (String value : new String[] {"a\r\nX-Injected: 1", "line\n", "cr\r", "nul\0", "del\u007f", "snow\u2603"}) {
            ErrorInfo e = header("Authorization", value);
            assertThat(e.code()).as(value).isEqualTo(40000);
            assertThat(e.message()).contains("Authorization").doesNotContain(value);
        }
    }

    @Test
    void RSA8c3_headersTheHttpClientSetsItself_40000() {
        for (String name : new String[] {"Host", "content-length", "Connection", "Expect", "Upgrade"}) {
            assertThat(header(name, "x").code()).as(name).isEqualTo(40000);
        }
    }

    @Test
    void RSA8c3_ordinaryHeaders_areKept() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer abc.def");
        headers.put("X-Custom_1!#$%&'*+-.^`|~", "tab\tand spaces, Latin-1 é");
        headers.put("Accept", "");

        AuthOptions o = AuthOptions.builder().authHeaders(headers).build();

        assertThat(o.authHeaders()).isEqualTo(headers);
    }

    @Test
    void AO2a_malformedKey_40005_fromTheOptionsAndTheSigner() {
        for (String key : new String[] {"no-colon", ":secret", "name:", "a:b:c"}) {
            assertThat(fails(() -> AuthOptions.builder().key(key)).code())
                    .as(key)
                    .isEqualTo(40005);
            assertThat(fails(() -> TokenRequestSigner.createTokenRequest(key, TokenParams.empty(), 0))
                            .code())
                    .as(key)
                    .isEqualTo(40005);
        }
        assertThat(AuthOptions.builder().key("appId.keyId:secret").build().keyName())
                .isEqualTo("appId.keyId");
    }
}
