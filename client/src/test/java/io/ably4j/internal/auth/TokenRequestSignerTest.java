package io.ably4j.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ably4j.types.AblyException;
import io.ably4j.types.TokenParams;
import io.ably4j.types.TokenRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * {@link TokenRequestSigner} (RSA9, RSA5, RSA6): the fields of a signed token request and its mac. The expected macs
 * are computed here independently, and two of them were computed outside Java (Python's {@code hmac}) and are fixed
 * strings. ably-common's test resources have no token request vector.
 */
class TokenRequestSignerTest {
    private static final String KEY = "appId.keyId:keySecret";
    private static final long NOW = 1_700_000_000_000L;
    private static final String NONCE = "0123456789abcdef";

    private static TokenParams full() {
        return TokenParams.builder()
                .ttl(3_600_000L)
                .capability("{\"channel1\":[\"publish\"]}")
                .clientId("client-1")
                .timestamp(NOW)
                .nonce(NONCE)
                .build();
    }

    private static String hmacBase64(String secret, String text) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }

    // ---------------------------------------------------------------- RSA9g: the mac

    @Test
    void RSA9g_macMatchesHmacOfCanonicalText() throws Exception {
        TokenRequest r = TokenRequestSigner.createTokenRequest(KEY, full(), 0L);

        String text = "appId.keyId\n3600000\n{\"channel1\":[\"publish\"]}\nclient-1\n1700000000000\n" + NONCE + "\n";
        assertThat(r.mac()).isEqualTo(hmacBase64("keySecret", text));
        // the same vector, computed with Python's hmac module
        assertThat(r.mac()).isEqualTo("PHbpNW4RSuCnZDc60PDwOuao1L6MKIprFAllmqFDTgE=");
    }

    @Test
    void RSA9g_absentFieldsAreSignedAsEmptyLines() throws Exception {
        TokenRequest r = TokenRequestSigner.createTokenRequest(
                KEY, TokenParams.builder().nonce(NONCE).build(), NOW);

        assertThat(r.mac()).isEqualTo(hmacBase64("keySecret", "appId.keyId\n\n\n\n1700000000000\n" + NONCE + "\n"));
        assertThat(r.mac()).isEqualTo("hof9jY3Ir8CZuMxMW/MEF7NHdZ61VWK2ByjCJDseUO0=");
    }

    @Test
    void RSA9g_macDependsOnEverySignedFieldAndTheSecret() {
        String base = TokenRequestSigner.createTokenRequest(KEY, full(), 0L).mac();
        Set<String> macs = new HashSet<>();
        macs.add(base);
        macs.add(TokenRequestSigner.createTokenRequest(
                        KEY, full().toBuilder().ttl(1L).build(), 0L)
                .mac());
        macs.add(TokenRequestSigner.createTokenRequest(
                        KEY, full().toBuilder().capability("{}").build(), 0L)
                .mac());
        macs.add(TokenRequestSigner.createTokenRequest(
                        KEY, full().toBuilder().clientId("x").build(), 0L)
                .mac());
        macs.add(TokenRequestSigner.createTokenRequest(
                        KEY, full().toBuilder().timestamp(1L).build(), 0L)
                .mac());
        macs.add(TokenRequestSigner.createTokenRequest(
                        KEY, full().toBuilder().nonce("n2").build(), 0L)
                .mac());
        macs.add(TokenRequestSigner.createTokenRequest("appId.keyId:other", full(), 0L)
                .mac());
        macs.add(TokenRequestSigner.createTokenRequest("appId.keyId2:keySecret", full(), 0L)
                .mac());
        assertThat(macs).hasSize(8);
    }

    @Test
    void RSA9g_macIsOverUtf8() throws Exception {
        TokenParams p = full().toBuilder().clientId("clïent-é").build();
        TokenRequest r = TokenRequestSigner.createTokenRequest("appId.keyId:sécret", p, 0L);

        String text = "appId.keyId\n3600000\n{\"channel1\":[\"publish\"]}\nclïent-é\n1700000000000\n" + NONCE + "\n";
        assertThat(r.mac()).isEqualTo(hmacBase64("sécret", text));
    }

    // ---------------------------------------------------------------- fields

    @Test
    void RSA9_requestCarriesKeyNameAndTheGivenParams() {
        TokenRequest r = TokenRequestSigner.createTokenRequest(KEY, full(), 0L);

        assertThat(r.keyName()).isEqualTo("appId.keyId");
        assertThat(r.ttl()).isEqualTo(3_600_000L);
        assertThat(r.capability()).isEqualTo("{\"channel1\":[\"publish\"]}");
        assertThat(r.clientId()).isEqualTo("client-1");
        assertThat(r.timestamp()).isEqualTo(NOW);
        assertThat(r.nonce()).isEqualTo(NONCE);
    }

    @Test
    void RSA5_ttlAbsentWhenNotGiven_RSA6_capabilityAbsentWhenNotGiven() {
        TokenRequest r = TokenRequestSigner.createTokenRequest(KEY, TokenParams.empty(), NOW);

        assertThat(r.ttl()).isNull();
        assertThat(r.capability()).isNull();
        assertThat(r.clientId()).isNull();
        assertThat(r.toJson())
                .doesNotContain("ttl")
                .doesNotContain("capability")
                .doesNotContain("clientId");
    }

    @Test
    void RSA6_capabilityIsSignedAndSentExactlyAsGiven() throws Exception {
        String capability = "{ \"b\" : [\"subscribe\"], \"a\":[\"publish\"] }";
        TokenRequest r = TokenRequestSigner.createTokenRequest(
                KEY, TokenParams.builder().capability(capability).nonce(NONCE).build(), NOW);

        assertThat(r.capability()).isEqualTo(capability);
        assertThat(r.mac())
                .isEqualTo(
                        hmacBase64("keySecret", "appId.keyId\n\n" + capability + "\n\n1700000000000\n" + NONCE + "\n"));
    }

    @Test
    void RSA9d_timestampFromParamsElseNow() {
        assertThat(TokenRequestSigner.createTokenRequest(KEY, TokenParams.empty(), NOW)
                        .timestamp())
                .isEqualTo(NOW);
        assertThat(TokenRequestSigner.createTokenRequest(
                                KEY, TokenParams.builder().timestamp(5L).build(), NOW)
                        .timestamp())
                .isEqualTo(5L);
    }

    @Test
    void RSA9c_generatedNonceIsAtLeast16CharactersAndUnique() {
        Set<String> nonces = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String nonce = TokenRequestSigner.createTokenRequest(KEY, TokenParams.empty(), NOW)
                    .nonce();
            assertThat(nonce).hasSizeGreaterThanOrEqualTo(16).matches("[0-9a-f]+");
            nonces.add(nonce);
        }
        assertThat(nonces).hasSize(1000);
    }

    @Test
    void RSA9c_givenNonceIsUsed() {
        assertThat(TokenRequestSigner.createTokenRequest(
                                KEY, TokenParams.builder().nonce("mine").build(), NOW)
                        .nonce())
                .isEqualTo("mine");
    }

    @Test
    void invalidKey_40005() {
        for (String bad : new String[] {"nocolon", ":s3cr3t", "name:", "a:b:s3cr3t"}) {
            assertThatThrownBy(() -> TokenRequestSigner.createTokenRequest(bad, TokenParams.empty(), NOW))
                    .isInstanceOf(AblyException.class)
                    .satisfies(e -> {
                        assertThat(((AblyException) e).errorInfo().code()).isEqualTo(40005);
                        assertThat(((AblyException) e).errorInfo().statusCode()).isEqualTo(400);
                        assertThat(e.getMessage()).doesNotContain("s3cr3t");
                    });
        }
    }

    @Test
    void toStringHidesTheMac() {
        TokenRequest r = TokenRequestSigner.createTokenRequest(KEY, full(), 0L);
        String mac = r.mac();
        assertThat(mac).isNotNull();
        assertThat(r.toString()).doesNotContain(mac).doesNotContain("keySecret");
    }
}
