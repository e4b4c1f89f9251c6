package io.ably4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.AuthCallback;
import io.ably4j.AuthOptions;
import io.ably4j.ClientOptions;
import io.ably4j.RealtimeClient;
import io.ably4j.emulator.Emulator;
import io.ably4j.types.Json;
import io.ably4j.types.Message;
import io.ably4j.types.TokenParams;
import io.ably4j.types.TokenRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Token requests and tokens made by one SDK and used by another against the emulator: a TokenRequest signed by ably4j
 * ({@code auth().createTokenRequest}, RSA9) that ably-js's authCallback returns (RSA8d), a TokenRequest signed by ably-js
 * that ably4j's authCallback returns, parsed into {@link TokenRequest} (TE), and a JWT signed by the app server with the
 * key's secret given to either SDK's authCallback (RSA8d, TN2). Each client connects with it as the token's client id
 * and publishes a message the other side receives with that client id.
 */
class TokenInteropTest extends InteropBase {
    private static final String KEY_NAME = KEY.substring(0, KEY.indexOf(':'));
    private static final String KEY_SECRET = KEY.substring(KEY.indexOf(':') + 1);
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** A client of the emulator whose only credentials are {@code callback}. */
    private Ably4jPeer ably4jWithCallback(Emulator emu, Format format, AuthCallback callback) {
        return ably4j(ClientOptions.builder()
                .authOptions(AuthOptions.builder().authCallback(callback).build())
                .endpoint(emu.host())
                .port(emu.port())
                .tls(false)
                .useBinaryProtocol(format.binary())
                .webSocketEngine(engine())
                .build());
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void RSA9_tokenRequestSignedByAbly4j_acceptedByAblyJs(Format format) {
        Emulator emu = start();
        TokenRequest request;
        try (RealtimeClient signer = new RealtimeClient(
                Ably4jPeer.options(emu, format, KEY).autoConnect(false).build())) {
            request = Ably4jPeer.await(
                    signer.auth()
                            .createTokenRequest(
                                    TokenParams.builder()
                                            .clientId("js-with-ably4j-request")
                                            .build(),
                                    null),
                    "createTokenRequest");
        }
        Ably4jPeer receiver = ably4j(emu, format);
        receiver.subscribe("tokens");
        JsPeer js = js("ably4j-token-request", emu, format);

        Object requestJson = Objects.requireNonNull(Json.parse(request.toJson()).toValue());
        Map<String, Object> r = js.call("connect", "auth", "givenTokenRequest", "tokenRequest", requestJson);
        js.call("publish", "channel", "tokens", "name", "from-js", "data", JsPeer.data("hello"));

        assertThat(r.get("clientId")).isEqualTo("js-with-ably4j-request");
        js.awaitEvent(JsPeer.event("authCallback"), TIMEOUT);
        Message m = receiver.awaitMessage("tokens", "from-js", TIMEOUT);
        assertThat(m.clientId()).isEqualTo("js-with-ably4j-request");
        assertThat(m.data()).isEqualTo("hello");
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void RSA8d_tokenRequestSignedByAblyJs_acceptedByAbly4j(Format format) {
        Emulator emu = start();
        JsPeer js = js("js-token-request", emu, format);
        Map<String, Object> reply = js.call("createTokenRequest", "clientId", "ably4j-with-js-request");
        TokenRequest request = TokenRequest.fromJson(
                Json.of(JsPeer.object(reply, "tokenRequest")).text());
        assertThat(request.keyName()).isEqualTo(KEY_NAME);
        assertThat(request.mac()).isNotBlank();
        AtomicInteger calls = new AtomicInteger();

        Ably4jPeer peer = ably4jWithCallback(emu, format, params -> {
            calls.incrementAndGet();
            return CompletableFuture.completedFuture(AuthCallback.Result.of(request));
        });
        peer.subscribe("tokens");
        peer.publish(
                peer.channel("tokens"),
                Message.builder().name("from-ably4j").data("hi").build());

        assertThat(calls).hasValue(1);
        assertThat(peer.client.auth().clientId()).isEqualTo("ably4j-with-js-request");
        Message m = peer.awaitMessage("tokens", "from-ably4j", TIMEOUT);
        assertThat(m.clientId()).isEqualTo("ably4j-with-js-request");
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void TN2_jwtFromTheAppServer_acceptedByAblyJsAndAbly4j(Format format) throws Exception {
        Emulator emu = start();
        Ably4jPeer peer = ably4jWithCallback(
                emu, format, params -> CompletableFuture.completedFuture(AuthCallback.Result.token(jwt("ably4j-jwt"))));
        peer.subscribe("jwt");
        JsPeer js = js("jwt", emu, format);

        Map<String, Object> r = js.call("connect", "auth", "givenToken", "token", jwt("js-jwt"));
        js.call("publish", "channel", "jwt", "name", "from-js", "data", JsPeer.data("hello"));

        assertThat(r.get("clientId")).isEqualTo("js-jwt");
        assertThat(peer.client.auth().clientId()).isEqualTo("ably4j-jwt");
        assertThat(peer.awaitMessage("jwt", "from-js", TIMEOUT).clientId()).isEqualTo("js-jwt");
    }

    /**
     * A JWT for the emulator's key, valid for an hour: HS256, header {@code kid} = the key name, claims {@code iat},
     * {@code exp}, {@code x-ably-capability} (everything) and {@code x-ably-clientId}.
     */
    private static String jwt(String clientId) {
        long now = System.currentTimeMillis() / 1000;
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "HS256");
        header.put("typ", "JWT");
        header.put("kid", KEY_NAME);
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iat", now);
        claims.put("exp", now + 3600);
        claims.put("x-ably-capability", "{\"*\":[\"*\"]}");
        claims.put("x-ably-clientId", clientId);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signed = b64.encodeToString(Json.of(header).text().getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(Json.of(claims).text().getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(KEY_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return signed + "." + b64.encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
