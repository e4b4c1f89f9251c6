package io.ably4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably.lib.realtime.ChannelState;
import io.ably.lib.realtime.ConnectionState;
import io.ably.lib.rest.AblyRest;
import io.ably.lib.rest.Auth;
import io.ably.lib.types.ClientOptions;
import io.ably.lib.types.ErrorInfo;
import io.ably.lib.types.Message;
import io.ably4j.emulator.Emulator;
import io.ably4j.emulator.EmulatorEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Connecting with a key and with tokens, attach, capability refusal and token renewal, in both SDKs. */
class AuthInteropTest extends InteropBase {
    private static final String LIMITED_KEY = "interop.limited:limited-secret";

    private Emulator emulator() {
        return start(Emulator.builder().port(0).key(KEY).key(LIMITED_KEY, "{\"allowed:*\":[\"*\"]}"));
    }

    /** The emulator saw this connection open with the expected format. */
    private static void assertFormat(Emulator emu, String connectionId, Format format) {
        assertThat(emu.connection(connectionId))
                .as("emulator connection %s", connectionId)
                .hasValueSatisfying(c -> assertThat(c.format()).isEqualTo(format.wireName()));
    }

    // ---- connect with key ----

    @ParameterizedTest
    @EnumSource(Format.class)
    void RTN2_jsConnectsWithKey(Format format) {
        Emulator emu = emulator();
        JsPeer js = js("connect-key", emu, KEY, format);
        Map<String, Object> r = js.call("connect", "auth", "key");
        String id = JsPeer.string(r, "connectionId");
        assertThat(id).isNotBlank();
        assertFormat(emu, id, format);
        assertThat(emu.events().events(e -> e.type() == EmulatorEvent.Type.WS_OPEN))
                .singleElement()
                .satisfies(e -> assertThat(e.detail()).contains("key=").doesNotContain("access_token"));
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void RTN2_javaConnectsWithKey(Format format) throws Exception {
        Emulator emu = emulator();
        JavaPeer java = java(JavaPeer.keyOptions(emu, format, KEY));
        assertThat(java.realtime.connection.state).isEqualTo(ConnectionState.connected);
        assertFormat(emu, java.connectionId(), format);
    }

    // ---- connect with token: authCallback returning a TokenRequest, and a token from requestToken ----

    @ParameterizedTest
    @EnumSource(Format.class)
    void RSA8d_jsConnectsWithAuthCallbackTokenRequest(Format format) {
        Emulator emu = emulator();
        JsPeer js = js("connect-authcallback", emu, KEY, format);
        Map<String, Object> r = js.call("connect", "auth", "authCallback", "clientId", "js-alice");
        assertThat(r.get("clientId")).isEqualTo("js-alice");
        String id = JsPeer.string(r, "connectionId");
        assertThat(emu.connection(id))
                .hasValueSatisfying(c -> assertThat(c.clientId()).isEqualTo("js-alice"));
        js.awaitEvent(JsPeer.event("authCallback"), Duration.ofSeconds(5));
        assertThat(emu.events().events(e -> e.type() == EmulatorEvent.Type.WS_OPEN))
                .singleElement()
                .satisfies(e -> assertThat(e.detail()).contains("access_token=").doesNotContain("key="));
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void RSA8d_javaConnectsWithAuthCallbackTokenRequest(Format format) throws Exception {
        Emulator emu = emulator();
        AblyRest signer = track(JavaPeer.rest(emu, format, KEY));
        AtomicInteger calls = new AtomicInteger();
        ClientOptions o = JavaPeer.options(emu, format);
        o.authCallback = params -> {
            calls.incrementAndGet();
            Auth.TokenParams p = new Auth.TokenParams();
            p.clientId = "java-bob";
            return signer.auth.createTokenRequest(p, null);
        };
        JavaPeer java = java(o);
        assertThat(calls.get()).isPositive();
        assertThat(java.realtime.auth.clientId).isEqualTo("java-bob");
        assertThat(emu.connection(java.connectionId()))
                .hasValueSatisfying(c -> assertThat(c.clientId()).isEqualTo("java-bob"));
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void RSA8_jsConnectsWithRequestedToken(Format format) {
        Emulator emu = emulator();
        JsPeer js = js("connect-token", emu, KEY, format);
        Map<String, Object> r = js.call("connect", "auth", "token", "clientId", "js-carol");
        assertThat(r.get("clientId")).isEqualTo("js-carol");
        assertThat(emu.connection(JsPeer.string(r, "connectionId")))
                .hasValueSatisfying(c -> assertThat(c.clientId()).isEqualTo("js-carol"));
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void RSA8_javaConnectsWithRequestedToken(Format format) throws Exception {
        Emulator emu = emulator();
        AblyRest rest = track(JavaPeer.rest(emu, format, KEY));
        Auth.TokenParams p = new Auth.TokenParams();
        p.clientId = "java-dave";
        Auth.TokenDetails token = rest.auth.requestToken(p, null);
        assertThat(token.token).isNotBlank();
        assertThat(token.expires).isGreaterThan(token.issued);
        ClientOptions o = JavaPeer.options(emu, format);
        o.tokenDetails = token;
        JavaPeer java = java(o);
        assertThat(emu.connection(java.connectionId()))
                .hasValueSatisfying(c -> assertThat(c.clientId()).isEqualTo("java-dave"));
    }

    // ---- attach ----

    @ParameterizedTest
    @EnumSource(Format.class)
    void RTL4_jsAttaches(Format format) {
        Emulator emu = emulator();
        JsPeer js = js("attach", emu, KEY, format);
        String id = JsPeer.string(js.call("connect", "auth", "key"), "connectionId");
        assertThat(js.call("attach", "channel", "room-js").get("state")).isEqualTo("attached");
        assertThat(emu.connection(id))
                .hasValueSatisfying(c -> assertThat(c.channels()).contains("room-js"));
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void RTL4_javaAttaches(Format format) throws Exception {
        Emulator emu = emulator();
        JavaPeer java = java(JavaPeer.keyOptions(emu, format, KEY));
        java.attach("room-java");
        assertThat(java.channel("room-java").state).isEqualTo(ChannelState.attached);
        assertThat(emu.connection(java.connectionId()))
                .hasValueSatisfying(c -> assertThat(c.channels()).contains("room-java"));
    }

    // ---- capability refusal ----

    @ParameterizedTest
    @EnumSource(Format.class)
    void RTL4_jsAttachRefusedByCapability(Format format) {
        Emulator emu = emulator();
        JsPeer js = js("capability", emu, LIMITED_KEY, format);
        js.call("connect", "auth", "key");
        Map<String, Object> refused = js.callRaw(JsPeer.DEFAULT_TIMEOUT, "attach", "channel", "secret");
        assertThat(refused.get("ok")).isEqualTo(false);
        assertThat(error(refused).get("code")).isEqualTo(40160L);
        assertThat(js.call("channelState", "channel", "secret").get("state")).isEqualTo("failed");
        // the connection survives and permitted channels still attach
        assertThat(js.call("connectionId").get("state")).isEqualTo("connected");
        assertThat(js.call("attach", "channel", "allowed:ok").get("state")).isEqualTo("attached");
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void RTL4_javaAttachRefusedByCapability(Format format) throws Exception {
        Emulator emu = emulator();
        JavaPeer java = java(JavaPeer.keyOptions(emu, format, LIMITED_KEY));
        ErrorInfo refused = java.attachFailure("secret");
        assertThat(refused.code).isEqualTo(40160);
        assertThat(java.channel("secret").state).isEqualTo(ChannelState.failed);
        assertThat(java.realtime.connection.state).isEqualTo(ConnectionState.connected);
        java.attach("allowed:ok");
    }

    // ---- token expiry and renewal without losing the connection (RTN15h2, RSA4b) ----

    @ParameterizedTest
    @EnumSource(Format.class)
    void RTN15h2_jsRenewsExpiredTokenAndResumes(Format format) throws Exception {
        Emulator emu = emulator();
        JsPeer js = js("token-renewal", emu, KEY, format);
        Map<String, Object> r = js.call("connect", "auth", "authCallback", "clientId", "js-renew", "firstTtl", 2000);
        String id = JsPeer.string(r, "connectionId");
        js.call("subscribe", "channel", "renew");
        // the first token expires: the emulator sends DISCONNECTED 40142, the SDK renews and resumes
        js.awaitEvent(
                e -> "authCallback".equals(e.get("event")) && JsPeer.number(e, "count") >= 2, Duration.ofSeconds(15));
        js.awaitEvents(JsPeer.connectionState("connected"), 2, Duration.ofSeconds(15));
        assertThat(js.events(JsPeer.connectionState("failed"))).isEmpty();
        assertThat(js.call("connectionId").get("connectionId")).isEqualTo(id);
        JavaPeer java = java(JavaPeer.keyOptions(emu, format, KEY));
        java.publish("renew", "after-renewal", "still flowing");
        Map<String, Object> m = js.awaitEvent(JsPeer.message("renew"), Duration.ofSeconds(10));
        assertThat(m.get("name")).isEqualTo("after-renewal");
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void RTN15h2_javaRenewsExpiredTokenAndResumes(Format format) throws Exception {
        Emulator emu = emulator();
        AblyRest signer = track(JavaPeer.rest(emu, format, KEY));
        AtomicInteger calls = new AtomicInteger();
        ClientOptions o = JavaPeer.options(emu, format);
        o.authCallback = params -> {
            Auth.TokenParams p = new Auth.TokenParams();
            p.clientId = "java-renew";
            p.ttl = calls.incrementAndGet() == 1 ? 2000 : 60_000;
            return signer.auth.createTokenRequest(p, null);
        };
        JavaPeer java = java(o);
        String id = java.connectionId();
        java.subscribe("renew");
        int mark = java.mark();
        java.awaitStateAfter(mark, ConnectionState.disconnected, Duration.ofSeconds(15));
        java.awaitStateAfter(mark, ConnectionState.connected, Duration.ofSeconds(15));
        assertThat(calls.get()).isGreaterThanOrEqualTo(2);
        assertThat(java.stateHistory()).doesNotContain(ConnectionState.failed);
        assertThat(java.connectionId()).isEqualTo(id);
        JsPeer js = js("token-renewal-publisher", emu, KEY, format);
        js.call("connect", "auth", "key");
        js.call("publish", "channel", "renew", "name", "after-renewal", "data", JsPeer.data("still flowing"));
        List<Message> got = java.awaitMessages(m -> "after-renewal".equals(m.name), 1, Duration.ofSeconds(10));
        assertThat(got.get(0).data).isEqualTo("still flowing");
    }

    private static Map<String, Object> error(Map<String, Object> reply) {
        return JsPeer.object(reply, "error");
    }
}
