package io.ably4j.internal.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ably4j.types.AblyException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** {@link Endpoints}: the REC1/REC2 rules where options combine or values sit at the edges. */
class EndpointsEdgeCasesTest {

    private static Endpoints.Spec spec(
            @Nullable String endpoint,
            @Nullable String environment,
            @Nullable String restHost,
            @Nullable String realtimeHost,
            @Nullable List<String> fallbackHosts,
            boolean useDefault) {
        return new Endpoints.Spec(endpoint, environment, restHost, realtimeHost, fallbackHosts, useDefault);
    }

    private static Endpoints.Spec endpoint(String endpoint) {
        return spec(endpoint, null, null, null, null, false);
    }

    @Test
    void REC1b2_whatCountsAsAHostname() {
        assertThat(Endpoints.isHostname("a.b")).isTrue();
        assertThat(Endpoints.isHostname("127.0.0.1")).isTrue();
        assertThat(Endpoints.isHostname("::1")).isTrue();
        assertThat(Endpoints.isHostname("fe80::1")).isTrue();
        assertThat(Endpoints.isHostname("localhost")).isTrue();
        assertThat(Endpoints.isHostname("sandbox")).isFalse();
        assertThat(Endpoints.isHostname("nonprod:sandbox"))
                .as("one colon is a routing policy")
                .isFalse();
        assertThat(Endpoints.primary(endpoint("fe80::1"))).isEqualTo("fe80::1");
        assertThat(Endpoints.fallbacks(endpoint("127.0.0.1"))).isEmpty();
    }

    @Test
    void REC2a2_fallbackHostsWinOverEveryImplicitSet() {
        List<String> custom = List.of("x.example");
        assertThat(Endpoints.fallbacks(spec(null, null, "rest.example", null, custom, false)))
                .isEqualTo(custom); // not REC2c6's empty set
        assertThat(Endpoints.fallbacks(spec("custom.example", null, null, null, custom, false)))
                .isEqualTo(custom); // not REC2c2's empty set
        assertThat(Endpoints.fallbacks(spec("nonprod:dev", null, null, null, custom, false)))
                .isEqualTo(custom);
        assertThat(Endpoints.fallbacks(spec(null, null, null, null, List.of(), false)))
                .as("an empty list disables fallback")
                .isEmpty();
    }

    @Test
    void REC2b_useDefaultIgnoresTheEnvironment() {
        assertThat(Endpoints.fallbacks(spec(null, "sandbox", null, null, null, true)))
                .containsExactly(
                        "main.a.fallback.ably-realtime.com",
                        "main.b.fallback.ably-realtime.com",
                        "main.c.fallback.ably-realtime.com",
                        "main.d.fallback.ably-realtime.com",
                        "main.e.fallback.ably-realtime.com");
        assertThat(Endpoints.primary(spec(null, "sandbox", null, null, null, true)))
                .isEqualTo("sandbox.realtime.ably.net");
    }

    @Test
    void REC2c6_realtimeHostAloneHasNoFallbacks() {
        assertThat(Endpoints.fallbacks(spec(null, null, null, "rt.example", null, false)))
                .isEmpty();
        assertThat(Endpoints.primary(spec(null, null, null, "rt.example", null, false)))
                .isEqualTo("rt.example");
    }

    @Test
    void REC1_checksRejectEachConflictAndAcceptTheRest() {
        List<Endpoints.Spec> invalid = List.of(
                spec("x", "env", null, null, null, false),
                spec("x", null, "r.example", null, null, false),
                spec("x", null, null, "rt.example", null, false),
                spec("x", null, null, null, null, true),
                spec(null, "env", "r.example", null, null, false),
                spec(null, "env", null, "rt.example", null, false),
                spec(null, null, null, null, List.of("f.example"), true));
        for (Endpoints.Spec s : invalid) {
            assertThatThrownBy(() -> Endpoints.check(s))
                    .as(s.toString())
                    .isInstanceOfSatisfying(
                            AblyException.class,
                            e -> assertThat(e.errorInfo().code()).isEqualTo(40000));
        }
        List<Endpoints.Spec> valid = List.of(
                spec("x", null, null, null, List.of("f.example"), false),
                spec(null, "env", null, null, List.of("f.example"), false),
                spec(null, null, "r.example", "rt.example", null, true),
                spec(null, "env", null, null, null, true));
        for (Endpoints.Spec s : valid) {
            Endpoints.check(s);
        }
    }

    @Test
    void isValidHost_edges() {
        assertThat(Endpoints.isValidHost("example.com")).isTrue();
        assertThat(Endpoints.isValidHost("::1")).isTrue();
        assertThat(Endpoints.isValidHost("[::1]")).isTrue();
        assertThat(Endpoints.isValidHost("10.0.0.1")).isTrue();
        assertThat(Endpoints.isValidHost("")).isFalse();
        assertThat(Endpoints.isValidHost("a b")).isFalse();
        assertThat(Endpoints.isValidHost("a/b")).isFalse();
        assertThat(Endpoints.isValidHost("a?b")).isFalse();
        assertThat(Endpoints.isValidHost("host:443"))
                .as("a port is not part of a host")
                .isFalse();
    }
}
