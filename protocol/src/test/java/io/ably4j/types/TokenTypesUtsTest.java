package io.ably4j.types;

import static io.ably4j.types.TestJson.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ably4j.internal.protocol.ProtocolCodec;
import io.ably4j.internal.protocol.WireFormat;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** UTS {@code rest/unit/types/token_types.md} (TD1–TD7, TK1–TK2, TE1–TE6) and the token bodies in both formats. */
class TokenTypesUtsTest {

    @Test
    void TD1_token_details_attributes_0() {
        TokenDetails td =
                TokenDetails.builder("test-token").expires(1234567890000L).build();
        assertThat(td.token()).isEqualTo("test-token");
        assertThat(td.expires()).isEqualTo(1234567890000L);
        assertThat(td.toBuilder().issued(1234567800000L).build().issued()).isEqualTo(1234567800000L);
        assertThat(td.toBuilder().capability("{\"*\":[\"*\"]}").build().capability())
                .isEqualTo("{\"*\":[\"*\"]}");
        assertThat(td.toBuilder().clientId("my-client").build().clientId()).isEqualTo("my-client");
    }

    @Test
    void TD_token_details_from_json_0() {
        TokenDetails td = TokenDetails.fromJson("{\"token\":\"deserialized-token\",\"expires\":1234567890000,"
                + "\"issued\":1234567800000,\"capability\":\"{\\\"channel-1\\\":[\\\"publish\\\"]}\","
                + "\"clientId\":\"json-client\",\"keyName\":\"appId.keyId\"}");
        assertThat(td.token()).isEqualTo("deserialized-token");
        assertThat(td.expires()).isEqualTo(1234567890000L);
        assertThat(td.issued()).isEqualTo(1234567800000L);
        assertThat(td.capability()).isEqualTo("{\"channel-1\":[\"publish\"]}");
        assertThat(td.clientId()).isEqualTo("json-client");
    }

    @Test
    void TD7_fromJsonRejectsDetailsWithoutToken() {
        assertThatThrownBy(() -> TokenDetails.fromJson("{\"expires\":1}"))
                .isInstanceOfSatisfying(AblyException.class, e -> {
                    assertThat(e.errorInfo().code()).isEqualTo(40000);
                    assertThat(e.errorInfo().message()).contains("no token");
                });
        assertThatThrownBy(() -> TokenDetails.fromJson("not json")).isInstanceOf(AblyException.class);
    }

    @Test
    void TK1_token_params_attributes_0() {
        assertThat(TokenParams.builder().ttl(3600000L).build().ttl()).isEqualTo(3600000L);
        assertThat(TokenParams.builder().build().ttl()).isNull();
        assertThat(TokenParams.builder()
                        .capability("{\"*\":[\"subscribe\"]}")
                        .build()
                        .capability())
                .isEqualTo("{\"*\":[\"subscribe\"]}");
        assertThat(TokenParams.empty().capability()).isNull();
        assertThat(TokenParams.builder().clientId("param-client").build().clientId())
                .isEqualTo("param-client");
        assertThat(TokenParams.builder().timestamp(1234567890000L).build().timestamp())
                .isEqualTo(1234567890000L);
        assertThat(TokenParams.builder().nonce("unique-nonce-value").build().nonce())
                .isEqualTo("unique-nonce-value");
        TokenParams all = TokenParams.builder()
                .ttl(7200000L)
                .capability("{\"*\":[\"*\"]}")
                .clientId("full-client")
                .timestamp(1234567890000L)
                .nonce("full-nonce")
                .build();
        assertThat(all.ttl()).isEqualTo(7200000L);
        assertThat(all.capability()).isEqualTo("{\"*\":[\"*\"]}");
        assertThat(all.clientId()).isEqualTo("full-client");
        assertThat(all.timestamp()).isEqualTo(1234567890000L);
        assertThat(all.nonce()).isEqualTo("full-nonce");
    }

    @Test
    void TK_token_params_to_query_string_0() {
        Map<String, String> query = TokenParams.builder()
                .ttl(3600000L)
                .clientId("query-client")
                .capability("{\"ch\":[\"pub\"]}")
                .build()
                .toQueryParams();
        assertThat(query)
                .containsExactly(
                        Map.entry("ttl", "3600000"),
                        Map.entry("capability", "{\"ch\":[\"pub\"]}"),
                        Map.entry("clientId", "query-client"));
    }

    @Test
    void TE1_token_request_attributes_0() {
        TokenRequest base = TokenRequest.builder()
                .keyName("appId.keyId")
                .timestamp(1234567890000L)
                .nonce("nonce-1")
                .build();
        assertThat(base.keyName()).isEqualTo("appId.keyId");
        assertThat(base.toBuilder().ttl(3600000L).build().ttl()).isEqualTo(3600000L);
        assertThat(base.ttl()).isNull();
        assertThat(base.toBuilder().capability("{\"*\":[\"*\"]}").build().capability())
                .isEqualTo("{\"*\":[\"*\"]}");
        assertThat(base.capability()).isNull();
        assertThat(base.toBuilder().clientId("request-client").build().clientId())
                .isEqualTo("request-client");
        assertThat(base.timestamp()).isEqualTo(1234567890000L);
        assertThat(base.toBuilder().nonce("unique-nonce").build().nonce()).isEqualTo("unique-nonce");
    }

    @Test
    void TE_token_request_mac_signature_0() {
        TokenRequest request = TokenRequest.builder()
                .keyName("appId.keyId")
                .timestamp(1234567890000L)
                .nonce("nonce-value")
                .mac("signature-base64")
                .build();
        assertThat(request.mac()).isEqualTo("signature-base64");
        assertThat(request.toString()).doesNotContain("signature-base64").contains("mac=<redacted>");
    }

    @Test
    void TE_token_request_to_json_1() {
        TokenRequest request = TokenRequest.builder()
                .keyName("appId.keyId")
                .ttl(3600000L)
                .capability("{\"*\":[\"*\"]}")
                .clientId("json-client")
                .timestamp(1234567890000L)
                .nonce("json-nonce")
                .mac("json-mac")
                .build();
        Json json = Json.parse(request.toJson());
        assertThat(at(json, "keyName")).isEqualTo("appId.keyId");
        assertThat(at(json, "ttl")).isEqualTo(3600000L);
        assertThat(at(json, "capability")).isEqualTo("{\"*\":[\"*\"]}");
        assertThat(at(json, "clientId")).isEqualTo("json-client");
        assertThat(at(json, "timestamp")).isEqualTo(1234567890000L);
        assertThat(at(json, "nonce")).isEqualTo("json-nonce");
        assertThat(at(json, "mac")).isEqualTo("json-mac");
    }

    @Test
    void TE_token_request_from_json_2() {
        TokenRequest request = TokenRequest.fromJson("{\"keyName\":\"appId.keyId\",\"ttl\":7200000,"
                + "\"capability\":\"{\\\"ch\\\":[\\\"sub\\\"]}\",\"clientId\":\"from-json-client\","
                + "\"timestamp\":1234567899999,\"nonce\":\"from-json-nonce\",\"mac\":\"from-json-mac\"}");
        assertThat(request.keyName()).isEqualTo("appId.keyId");
        assertThat(request.ttl()).isEqualTo(7200000L);
        assertThat(request.capability()).isEqualTo("{\"ch\":[\"sub\"]}");
        assertThat(request.clientId()).isEqualTo("from-json-client");
        assertThat(request.timestamp()).isEqualTo(1234567899999L);
        assertThat(request.nonce()).isEqualTo("from-json-nonce");
        assertThat(request.mac()).isEqualTo("from-json-mac");
    }

    @Test
    void TD2_tokenIsRedactedInToString_AD2_accessTokenToo() {
        TokenDetails td =
                TokenDetails.builder("secret-token-value").clientId("c").build();
        assertThat(td.toString()).doesNotContain("secret-token-value").contains("token=<redacted>");
        assertThat(AuthDetails.of("secret-token-value").toString()).doesNotContain("secret-token-value");
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void TE_TD_TK_tokenBodiesRoundTrip(WireFormat format) {
        ProtocolCodec codec = ProtocolCodec.create(format);
        TokenRequest request = TokenRequest.builder()
                .keyName("appId.keyId")
                .ttl(3600000L)
                .capability("{\"*\":[\"*\"]}")
                .clientId("c")
                .timestamp(1L)
                .nonce("n")
                .mac("m")
                .build();
        assertThat(codec.decodeTokenRequest(codec.encodeTokenRequest(request))).isEqualTo(request);
        TokenDetails details = TokenDetails.builder("tok")
                .expires(2L)
                .issued(1L)
                .capability("{}")
                .clientId("*")
                .build();
        assertThat(codec.decodeTokenDetails(codec.encodeTokenDetails(details))).isEqualTo(details);
        TokenParams params = TokenParams.builder().ttl(5L).nonce("x").build();
        assertThat(codec.decodeTokenParams(codec.encodeTokenParams(params))).isEqualTo(params);
        assertThat(codec.decodeTokenParams(codec.encodeTokenParams(TokenParams.empty())))
                .isEqualTo(TokenParams.empty());
        if (format == WireFormat.JSON) {
            assertThat(new String(codec.encodeTokenParams(params), StandardCharsets.UTF_8))
                    .isEqualTo("{\"ttl\":5,\"nonce\":\"x\"}");
        }
    }

    @Test
    void TE3_capabilityAsEmbeddedObjectIsTolerated() {
        TokenRequest request = TokenRequest.fromJson("{\"keyName\":\"a.b\",\"capability\":{\"ch\":[\"*\"]}}");
        assertThat(request.capability()).isEqualTo("{\"ch\":[\"*\"]}");
    }
}
