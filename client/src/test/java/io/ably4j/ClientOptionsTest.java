package io.ably4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ably4j.types.AblyException;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

/** ClientOptions: defaults (spec-roadmap §2.1), validation codes, REC1 endpoint resolution, RSC1 key/token detection. */
@NullUnmarked // tests pass nulls and read nullable results on purpose
class ClientOptionsTest {
    private static final String KEY = "appId.keyId:keySecret";

    private static void assertCode(Runnable r, int code) {
        assertThatThrownBy(r::run)
                .isInstanceOf(AblyException.class)
                .satisfies(
                        e -> assertThat(((AblyException) e).errorInfo().code()).isEqualTo(code));
    }

    @Test
    void defaults_followTheSpec() {
        ClientOptions o = ClientOptions.builder().key(KEY).build();
        assertThat(o.tls()).isTrue();
        assertThat(o.useBinaryProtocol()).isTrue(); // RSC8a
        assertThat(o.echoMessages()).isTrue(); // RTC1a
        assertThat(o.autoConnect()).isTrue(); // RTC1b
        assertThat(o.port()).isEqualTo(80);
        assertThat(o.tlsPort()).isEqualTo(443);
        assertThat(o.realtimeRequestTimeout()).isEqualTo(Duration.ofSeconds(10)); // TO3l11
        assertThat(o.disconnectedRetryTimeout()).isEqualTo(Duration.ofSeconds(15)); // TO3l1
        assertThat(o.suspendedRetryTimeout()).isEqualTo(Duration.ofSeconds(30)); // TO3l2
        assertThat(o.channelRetryTimeout()).isEqualTo(Duration.ofSeconds(15)); // TO3l7
        assertThat(o.logLevel()).isEqualTo(LogLevel.WARN); // RSC2
        assertThat(o.transportParams()).isEmpty();
        assertThat(o.allowInsecureBasicAuthForLocalDevelopment()).isFalse();
        assertThat(o.primaryDomain()).isEqualTo("main.realtime.ably.net"); // REC1a
    }

    @Test
    void REC1b_endpointResolution() {
        assertThat(endpoint("localhost")).isEqualTo("localhost"); // REC1b2
        assertThat(endpoint("127.0.0.1")).isEqualTo("127.0.0.1");
        assertThat(endpoint("::1")).isEqualTo("::1");
        assertThat(endpoint("my.host.example")).isEqualTo("my.host.example");
        assertThat(endpoint("nonprod:sandbox")).isEqualTo("sandbox.realtime.ably-nonprod.net"); // REC1b3
        assertThat(endpoint("acme")).isEqualTo("acme.realtime.ably.net"); // REC1b4
    }

    private static String endpoint(String e) {
        return ClientOptions.builder().key(KEY).endpoint(e).build().primaryDomain();
    }

    /**
     * An endpoint that cannot be the host of a URL is rejected when set, not at connection time (where the failure
     * message would carry the whole connection URL, key included).
     */
    @Test
    void REC2a2_fallbackHostsWithANullOrInvalidEntry_40000_andNothingChanged() {
        ClientOptions.Builder b = ClientOptions.builder().key(KEY).fallbackHosts(java.util.List.of("a.example"));
        java.util.List<String> withNull = new java.util.ArrayList<>();
        withNull.add(null);
        assertCode(() -> b.fallbackHosts(withNull), 40000);
        assertCode(() -> b.fallbackHosts(java.util.List.of("a b")), 40000);
        assertThat(b.build().fallbackDomains()).containsExactly("a.example");
    }

    @Test
    void REC1_endpointThatIsNotAValidHost_40000() {
        ClientOptions.Builder b = ClientOptions.builder().key(KEY).endpoint("good.example");
        assertCode(() -> b.endpoint("bad_host.example"), 40000);
        assertCode(() -> b.endpoint("bad_routing_id"), 40000);
        assertCode(() -> b.endpoint("nonprod:bad_id"), 40000);
        assertCode(() -> b.endpoint("host.example:8080"), 40000);
        assertCode(() -> b.endpoint("[::1"), 40000);
        assertThat(b.build().primaryDomain()).isEqualTo("good.example"); // the failed calls changed nothing
        assertThat(endpoint("fe80::1")).isEqualTo("fe80::1");
        assertThat(endpoint("nonprod:sandbox-2")).isEqualTo("sandbox-2.realtime.ably-nonprod.net");
    }

    @Test
    void RSC1b_noCredentials_40106() {
        assertCode(() -> ClientOptions.builder().build(), 40106);
        assertCode(() -> ClientOptions.fromKeyOrToken(""), 40106);
        assertCode(() -> ClientOptions.fromKeyOrToken(null), 40106);
        assertCode(() -> ClientOptions.builder().token(""), 40106);
    }

    @Test
    void RTC12_constructor_string_detection_0() {
        ClientOptions key = ClientOptions.fromKeyOrToken(KEY);
        assertThat(key.key()).isEqualTo(KEY);
        assertThat(key.token()).isNull();
        assertThat(key.usesBasicAuth()).isTrue();
        ClientOptions token = ClientOptions.fromKeyOrToken("a-token-without-colon");
        assertThat(token.token()).isEqualTo("a-token-without-colon");
        assertThat(token.key()).isNull();
        assertThat(token.usesBasicAuth()).isFalse();
    }

    @Test
    void RTC12_invalid_arguments_error_1() {
        assertCode(() -> new RealtimeClient(""), 40106);
        assertCode(() -> new RealtimeClient((String) null), 40106);
        assertCode(() -> new RealtimeClient((ClientOptions) null), 40000);
        assertCode(() -> new RealtimeClient(ClientOptions.builder().build()), 40106);
    }

    @Test
    void malformedKey_40005() {
        assertCode(() -> ClientOptions.builder().key("no-colon"), 40005);
        assertCode(() -> ClientOptions.builder().key(":secret"), 40005);
        assertCode(() -> ClientOptions.builder().key("name:"), 40005);
        assertCode(() -> ClientOptions.builder().key("a:b:c"), 40005);
        assertCode(() -> ClientOptions.fromKeyOrToken("a:"), 40005);
    }

    @Test
    void RSA7c_invalidClientId_40012() {
        assertCode(() -> ClientOptions.builder().clientId("*"), 40012);
        assertCode(() -> ClientOptions.builder().clientId(""), 40012);
        assertThat(ClientOptions.builder().key(KEY).clientId("bob").build().clientId())
                .isEqualTo("bob");
    }

    @Test
    void RSC18_basicAuthOverNonTls_40103_unlessExplicitlyAllowed() {
        assertCode(() -> ClientOptions.builder().key(KEY).tls(false).build(), 40103);
        // Token auth over non-TLS is allowed (RSA3a).
        assertThat(ClientOptions.builder().token("tok").tls(false).build().tls())
                .isFalse();
        // A token wins over a key (RSA4), so no basic auth is used.
        assertThat(ClientOptions.builder()
                        .key(KEY)
                        .token("tok")
                        .tls(false)
                        .build()
                        .usesBasicAuth())
                .isFalse();
        ClientOptions dev = ClientOptions.builder()
                .key(KEY)
                .tls(false)
                .allowInsecureBasicAuthForLocalDevelopment(true)
                .build();
        assertThat(dev.tls()).isFalse();
        assertThat(dev.usesBasicAuth()).isTrue();
    }

    @Test
    void invalidValues_40000() {
        ClientOptions.Builder b = ClientOptions.builder();
        assertCode(() -> b.port(0), 40000);
        assertCode(() -> b.tlsPort(70000), 40000);
        assertCode(() -> b.realtimeRequestTimeout(Duration.ZERO), 40000);
        assertCode(() -> b.realtimeRequestTimeout(null), 40000);
        assertCode(() -> b.disconnectedRetryTimeout(Duration.ofSeconds(-1)), 40000);
        assertCode(() -> b.suspendedRetryTimeout(null), 40000);
        assertCode(() -> b.channelRetryTimeout(Duration.ZERO), 40000);
        assertCode(() -> b.endpoint(""), 40000);
        assertCode(() -> b.endpoint("has space"), 40000);
        assertCode(() -> b.endpoint("nonprod:"), 40000);
        assertCode(() -> b.logLevel(null), 40000);
        assertCode(() -> b.transportParam("", "x"), 40000);
        assertCode(() -> b.transportParam("x", new Object()), 40000);
        assertCode(() -> b.transportParam("x", null), 40000);
        assertCode(() -> b.transportParams(null), 40000);
    }

    @Test
    void RTC1f_transportParamsAreStringified() {
        ClientOptions o = ClientOptions.builder()
                .key(KEY)
                .transportParams(Map.of("a", "x", "b", 42, "c", true))
                .build();
        assertThat(o.transportParams())
                .containsEntry("a", "x")
                .containsEntry("b", "42")
                .containsEntry("c", "true");
    }

    @Test
    void optionsAreImmutableAndToBuilderRoundTrips() {
        ClientOptions o = ClientOptions.builder()
                .key(KEY)
                .clientId("c")
                .endpoint("localhost")
                .port(8080)
                .tlsPort(8443)
                .useBinaryProtocol(false)
                .echoMessages(false)
                .autoConnect(false)
                .transportParam("x", "y")
                .logLevel(LogLevel.DEBUG)
                .build();
        ClientOptions copy = o.toBuilder().build();
        assertThat(copy.port()).isEqualTo(8080);
        assertThat(copy.tlsPort()).isEqualTo(8443);
        assertThat(copy.clientId()).isEqualTo("c");
        assertThat(copy.useBinaryProtocol()).isFalse();
        assertThat(copy.transportParams()).containsEntry("x", "y");
        assertThatThrownBy(() -> o.transportParams().put("z", "w")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void webSocketEngineDefaultsToNioAndRoundTrips() {
        assertThat(ClientOptions.builder().key(KEY).build().webSocketEngine()).isEqualTo(WebSocketEngine.NIO);
        ClientOptions jdk = ClientOptions.builder()
                .key(KEY)
                .webSocketEngine(WebSocketEngine.JDK)
                .build();
        assertThat(jdk.webSocketEngine()).isEqualTo(WebSocketEngine.JDK);
        assertThat(jdk.toBuilder().build().webSocketEngine()).isEqualTo(WebSocketEngine.JDK);
        assertThat(jdk.toString()).contains("webSocketEngine=JDK");
        assertCode(() -> ClientOptions.builder().webSocketEngine(null), 40000);
    }

    @Test
    void toStringNeverContainsSecrets() {
        ClientOptions o = ClientOptions.builder().key(KEY).build();
        assertThat(o.toString()).doesNotContain("keySecret").contains("appId.keyId");
        assertThat(ClientOptions.builder().token("sekrit-token").build().toString())
                .doesNotContain("sekrit");
    }
}
