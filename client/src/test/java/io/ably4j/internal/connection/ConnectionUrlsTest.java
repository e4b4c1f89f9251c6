package io.ably4j.internal.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ClientOptions;
import io.ably4j.testing.FakeRuntime;
import java.net.URI;
import java.util.Map;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

/** RTN2 URL building and log redaction. */
@NullUnmarked // tests pass nulls and read nullable results on purpose
class ConnectionUrlsTest {
    @Test
    void RTN2_urlEncodesParamsAndUsesTheResolvedHost() {
        ClientOptions o = ClientOptions.builder()
                .key("app.key:se/cr+et")
                .clientId("a b&c")
                .build();
        URI uri = ConnectionUrls.uri(o, o.primaryDomain(), Map.of("key", "app.key:se/cr+et"), "res:ume", null);
        assertThat(uri.getScheme()).isEqualTo("wss");
        assertThat(uri.getHost()).isEqualTo("main.realtime.ably.net");
        assertThat(uri.getPort()).isEqualTo(443);
        assertThat(uri.getRawQuery())
                .isEqualTo("v=6&format=msgpack&echo=true&heartbeats=false&key=app.key%3Ase%2Fcr%2Bet"
                        + "&clientId=a%20b%26c&resume=res%3Aume");
    }

    @Test
    void RTN2e_tokenIsSentAsAccessToken_andWinsOverAKey() {
        try (FakeRuntime rt = new FakeRuntime()) {
            rt.client(b -> b.key("a:b").token("tok")).connect();
            rt.drain();

            assertThat(rt.ws.lastAttempt().queryParams())
                    .containsEntry("accessToken", "tok")
                    .doesNotContainKey("key");
        }
    }

    @Test
    void RTN16k_resumeWinsOverRecover() {
        ClientOptions o = ClientOptions.builder().key("a:b").build();
        assertThat(ConnectionUrls.queryParams(o, Map.of(), "res", "rec"))
                .containsEntry("resume", "res")
                .doesNotContainKey("recover");
        assertThat(ConnectionUrls.queryParams(o, Map.of(), null, "rec")).containsEntry("recover", "rec");
    }

    @Test
    void ipv6HostsAreBracketed() {
        ClientOptions o = ClientOptions.builder()
                .token("t")
                .endpoint("::1")
                .tls(false)
                .port(8080)
                .build();
        assertThat(ConnectionUrls.uri(o, o.primaryDomain(), Map.of("accessToken", "t"), null, null)
                        .toString())
                .startsWith("ws://[::1]:8080/?");
    }

    @Test
    void redactRemovesCredentials() {
        ClientOptions o = ClientOptions.builder().key("app.key:secret").build();
        assertThat(ConnectionUrls.redact(
                        ConnectionUrls.uri(o, o.primaryDomain(), Map.of("key", "app.key:secret"), null, null)))
                .contains("key=<redacted>")
                .doesNotContain("secret");
        ClientOptions t = ClientOptions.builder().token("tok123").build();
        assertThat(ConnectionUrls.redact(
                        ConnectionUrls.uri(t, t.primaryDomain(), Map.of("accessToken", "tok123"), null, null)))
                .doesNotContain("tok123");
    }

    @Test
    void RSC7d_agent() {
        assertThat(ConnectionUrls.agent()).startsWith("ably4j/0.1.0 jre/");
        assertThat(ConnectionUrls.headers()).containsKey("Ably-Agent");
    }
}
