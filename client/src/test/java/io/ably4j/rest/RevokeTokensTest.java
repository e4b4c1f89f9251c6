package io.ably4j.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.AuthOptions;
import io.ably4j.BatchResult;
import io.ably4j.ClientOptions;
import io.ably4j.RestClient;
import io.ably4j.TokenRevocationOptions;
import io.ably4j.TokenRevocationResult;
import io.ably4j.TokenRevocationTarget;
import io.ably4j.types.ErrorInfo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** UTS {@code rest/unit/auth/revoke_tokens.md}: {@code Auth.revokeTokens} (RSA17, BAR2, TRS2, TRF2). */
class RevokeTokensTest {
    private static final String ALICE_OK =
            "{\"target\":\"clientId:alice\",\"issuedBefore\":1700000000000,\"appliesAt\":1700000001000}";
    private static final String INVALID =
            "{\"target\":\"invalidType:abc\",\"error\":{\"code\":40000,\"statusCode\":400,\"message\":\"Invalid target type\"}}";

    private final RestMock m = new RestMock();

    @AfterEach
    void close() {
        m.close();
    }

    private RestClient client() {
        return m.rt.restClient(
                ClientOptions.builder().key("appId.keyName:keySecret").build());
    }

    private BatchResult<TokenRevocationResult> revoke(
            RestClient client, TokenRevocationOptions options, TokenRevocationTarget... targets) {
        return m.await(client.auth().revokeTokens(List.of(targets), options));
    }

    private BatchResult<TokenRevocationResult> revoke(RestClient client, TokenRevocationTarget... targets) {
        return m.await(client.auth().revokeTokens(List.of(targets), null));
    }

    @Test
    void RSA17g_sends_post_correct_path_0() {
        m.always(200, "[" + ALICE_OK + "]");

        revoke(client(), TokenRevocationTarget.clientId("alice"));

        assertThat(m.requests()).hasSize(1);
        assertThat(m.request(0).method()).isEqualTo("POST");
        assertThat(m.request(0).uri().getPath()).isEqualTo("/keys/appId.keyName/revokeTokens");
    }

    @Test
    void RSA17b_single_specifier_targets_0() {
        m.always(200, "[" + ALICE_OK + "]");

        revoke(client(), new TokenRevocationTarget("clientId", "alice"));

        assertThat(RestMock.bodyObject(m.request(0))).containsEntry("targets", List.of("clientId:alice"));
    }

    @Test
    void RSA17b_multiple_specifier_types_1() {
        m.always(200, "[" + ALICE_OK + "]");

        revoke(
                client(),
                TokenRevocationTarget.clientId("alice"),
                TokenRevocationTarget.revocationKey("group-1"),
                TokenRevocationTarget.channel("secret"));

        assertThat(RestMock.bodyObject(m.request(0)))
                .containsEntry("targets", List.of("clientId:alice", "revocationKey:group-1", "channel:secret"));
    }

    @Test
    void RSA17c_all_success_result_0() {
        m.always(200, "[" + ALICE_OK + ",{\"target\":\"clientId:bob\",\"issuedBefore\":1,\"appliesAt\":2}]");

        BatchResult<TokenRevocationResult> result =
                revoke(client(), TokenRevocationTarget.clientId("alice"), TokenRevocationTarget.clientId("bob"));

        assertThat(result.successCount()).isEqualTo(2);
        assertThat(result.failureCount()).isZero();
        assertThat(result.results()).hasSize(2).allMatch(r -> r instanceof TokenRevocationResult.Success);
    }

    @Test
    void RSA17c_mixed_success_failure_1() {
        m.always(200, "{\"successCount\":1,\"failureCount\":1,\"results\":[" + ALICE_OK + "," + INVALID + "]}");

        BatchResult<TokenRevocationResult> result = revoke(
                client(), TokenRevocationTarget.clientId("alice"), new TokenRevocationTarget("invalidType", "abc"));

        assertThat(result.successCount()).isEqualTo(1);
        assertThat(result.failureCount()).isEqualTo(1);
        assertThat(result.results()).hasSize(2);
        assertThat(result.results().get(0)).isInstanceOf(TokenRevocationResult.Success.class);
        assertThat(result.results().get(1)).isInstanceOf(TokenRevocationResult.Failure.class);
    }

    @Test
    void RSA17c_all_failure_result_2() {
        m.always(
                200,
                "{\"successCount\":0,\"failureCount\":2,\"results\":[" + INVALID + "," + INVALID.replace("abc", "def")
                        + "]}");

        BatchResult<TokenRevocationResult> result = revoke(
                client(),
                new TokenRevocationTarget("invalidType", "abc"),
                new TokenRevocationTarget("invalidType", "def"));

        assertThat(result.successCount()).isZero();
        assertThat(result.failureCount()).isEqualTo(2);
        assertThat(result.results()).hasSize(2).allMatch(r -> r instanceof TokenRevocationResult.Failure);
    }

    @Test
    void TRS2_success_result_attributes_0() {
        m.always(200, "[" + ALICE_OK + "]");

        BatchResult<TokenRevocationResult> result = revoke(client(), TokenRevocationTarget.clientId("alice"));

        TokenRevocationResult.Success success =
                (TokenRevocationResult.Success) result.results().get(0);
        assertThat(success.target()).isEqualTo("clientId:alice");
        assertThat(success.issuedBefore()).isEqualTo(1700000000000L);
        assertThat(success.appliesAt()).isEqualTo(1700000001000L);
    }

    @Test
    void TRF2_failure_result_attributes_0() {
        m.always(200, "{\"successCount\":0,\"failureCount\":1,\"results\":[" + INVALID + "]}");

        BatchResult<TokenRevocationResult> result = revoke(client(), new TokenRevocationTarget("invalidType", "abc"));

        TokenRevocationResult.Failure failure =
                (TokenRevocationResult.Failure) result.results().get(0);
        assertThat(failure.target()).isEqualTo("invalidType:abc");
        assertThat(failure.error().code()).isEqualTo(40000);
        assertThat(failure.error().statusCode()).isEqualTo(400);
        assertThat(failure.error().message()).contains("Invalid target type");
    }

    @Test
    void RSA17d_token_auth_revoke_rejected_0() {
        m.always(200, "[]");
        RestClient client =
                m.rt.restClient(ClientOptions.builder().token("a-token").build());

        ErrorInfo error = m.fails(client.auth().revokeTokens(List.of(TokenRevocationTarget.clientId("alice")), null));

        assertThat(error.code()).isEqualTo(40162);
        assertThat(error.statusCode()).isEqualTo(401);
        assertThat(m.requests()).isEmpty();
    }

    @Test
    void RSA17d_use_token_auth_revoke_rejected_1() {
        m.always(200, "[]");
        RestClient client = m.rt.restClient(ClientOptions.builder()
                .authOptions(AuthOptions.builder()
                        .key("appId.keyName:keySecret")
                        .useTokenAuth(true)
                        .build())
                .build());

        ErrorInfo error = m.fails(client.auth().revokeTokens(List.of(TokenRevocationTarget.clientId("alice")), null));

        assertThat(error.code()).isEqualTo(40162);
        assertThat(error.statusCode()).isEqualTo(401);
        assertThat(m.requests()).isEmpty();
    }

    @Test
    void RSA17e_issued_before_included_0() {
        m.always(200, "[" + ALICE_OK + "]");

        revoke(
                client(),
                TokenRevocationOptions.builder().issuedBefore(1699999000000L).build(),
                TokenRevocationTarget.clientId("alice"));

        assertThat(RestMock.bodyObject(m.request(0))).containsEntry("issuedBefore", 1699999000000L);
    }

    @Test
    void RSA17e_issued_before_omitted_1() {
        m.always(200, "[" + ALICE_OK + "]");

        revoke(client(), TokenRevocationTarget.clientId("alice"));

        assertThat(RestMock.bodyObject(m.request(0))).doesNotContainKey("issuedBefore");
    }

    @Test
    void RSA17f_reauth_margin_included_0() {
        m.always(200, "[" + ALICE_OK + "]");

        revoke(
                client(),
                TokenRevocationOptions.builder().allowReauthMargin(true).build(),
                TokenRevocationTarget.clientId("alice"));

        assertThat(RestMock.bodyObject(m.request(0))).containsEntry("allowReauthMargin", true);
    }

    @Test
    void RSA17f_reauth_margin_omitted_1() {
        m.always(200, "[" + ALICE_OK + "]");

        revoke(client(), TokenRevocationTarget.clientId("alice"));

        assertThat(RestMock.bodyObject(m.request(0))).doesNotContainKey("allowReauthMargin");
    }

    @Test
    void RSA17f_both_options_together_2() {
        m.always(200, "[" + ALICE_OK + "]");

        revoke(
                client(),
                TokenRevocationOptions.builder()
                        .issuedBefore(1699999000000L)
                        .allowReauthMargin(true)
                        .build(),
                TokenRevocationTarget.clientId("alice"));

        Map<String, Object> body = RestMock.bodyObject(m.request(0));
        assertThat(body)
                .containsEntry("targets", List.of("clientId:alice"))
                .containsEntry("issuedBefore", 1699999000000L)
                .containsEntry("allowReauthMargin", true);
    }

    @Test
    void RSA17_server_error_propagated_0() {
        m.always(500, "{\"error\":{\"code\":50000,\"statusCode\":500,\"message\":\"Internal error\"}}");

        ErrorInfo error = m.fails(client().auth().revokeTokens(List.of(TokenRevocationTarget.clientId("alice")), null));

        assertThat(error.code()).isEqualTo(50000);
        assertThat(error.statusCode()).isEqualTo(500);
    }

    @Test
    void RSA17_request_uses_basic_auth_0() {
        m.always(200, "[" + ALICE_OK + "]");

        revoke(client(), TokenRevocationTarget.clientId("alice"));

        assertThat(RestMock.basicCredentials(m.request(0))).isEqualTo("appId.keyName:keySecret");
    }

    @Test
    void RSA17_no_targets_rejected_without_request() {
        RestClient client = client();

        assertThat(m.fails(client.auth().revokeTokens(List.of(), null)).code()).isEqualTo(40000);
        assertThat(m.requests()).isEmpty();
    }
}
