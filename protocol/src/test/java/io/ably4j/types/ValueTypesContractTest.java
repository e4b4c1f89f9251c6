package io.ably4j.types;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * equals/hashCode/toString/toBuilder contracts of the value types: a value equals its toBuilder() copy, differs
 * when any one field differs, and toString never shows secrets.
 */
class ValueTypesContractTest {

    @SafeVarargs
    private static <T> void assertContract(T value, Function<T, T> copy, T... variants) {
        T same = copy.apply(value);
        assertThat(same).isEqualTo(value).hasSameHashCodeAs(value);
        assertThat(value).isNotEqualTo(null).isNotEqualTo("other");
        for (T variant : variants) {
            assertThat(variant).as("variant %s", variant).isNotEqualTo(value);
            assertThat(value).isNotEqualTo(variant);
            assertThat(variant.toString()).isNotBlank();
        }
        assertThat(value.toString()).isNotBlank();
    }

    @Test
    void TP3_presenceMessage() {
        PresenceMessage p = PresenceMessage.builder(PresenceAction.UPDATE)
                .id("i")
                .clientId("c")
                .connectionId("k")
                .data(new byte[] {1})
                .encoding("e")
                .extras(Json.parse("{}"))
                .timestamp(1L)
                .build();
        assertContract(
                p,
                x -> x.toBuilder().build(),
                p.toBuilder().id("j").build(),
                p.toBuilder().action(PresenceAction.ENTER).build(),
                p.toBuilder().actionCode(9).build(),
                p.toBuilder().clientId("d").build(),
                p.toBuilder().connectionId("l").build(),
                p.toBuilder().data(new byte[] {2}).build(),
                p.toBuilder().data("s").build(),
                p.toBuilder().encoding(null).build(),
                p.toBuilder().extras(null).build(),
                p.toBuilder().timestamp(2L).build());
        assertThat(p.toBuilder().actionCode(9).build().toString()).contains("UNKNOWN(9)");
        assertThat(p.toString()).contains("<1 bytes>");
    }

    @Test
    void TM2s_messageVersionAndAnnotations() {
        MessageVersion v = MessageVersion.builder()
                .serial("s")
                .timestamp(1L)
                .clientId("c")
                .description("d")
                .metadata(Map.of("k", "v"))
                .build();
        assertContract(
                v,
                x -> x.toBuilder().build(),
                v.toBuilder().serial("t").build(),
                v.toBuilder().timestamp(2L).build(),
                v.toBuilder().clientId(null).build(),
                v.toBuilder().description("e").build(),
                v.toBuilder().metadata(Map.of()).build());
        MessageAnnotations a = MessageAnnotations.of(Map.of("t", Json.parse("{\"total\":1}")));
        assertContract(a, x -> MessageAnnotations.of(x.summary()), MessageAnnotations.empty());
    }

    @Test
    void TK2_TE_TD_tokenTypes() {
        TokenParams p = TokenParams.builder()
                .ttl(1L)
                .capability("{}")
                .clientId("c")
                .timestamp(2L)
                .nonce("n")
                .build();
        assertContract(
                p,
                x -> x.toBuilder().build(),
                p.toBuilder().ttl(3L).build(),
                p.toBuilder().capability(null).build(),
                p.toBuilder().clientId("d").build(),
                p.toBuilder().timestamp(null).build(),
                p.toBuilder().nonce("m").build());
        assertThat(p.toQueryParams()).containsOnlyKeys("ttl", "capability", "clientId", "timestamp", "nonce");
        TokenRequest r = TokenRequest.builder()
                .keyName("a.b")
                .ttl(1L)
                .capability("{}")
                .clientId("c")
                .timestamp(2L)
                .nonce("n")
                .mac("secret-mac")
                .build();
        assertContract(
                r,
                x -> x.toBuilder().build(),
                r.toBuilder().keyName("x.y").build(),
                r.toBuilder().ttl(null).build(),
                r.toBuilder().capability("{\"a\":[]}").build(),
                r.toBuilder().clientId(null).build(),
                r.toBuilder().timestamp(3L).build(),
                r.toBuilder().nonce("o").build(),
                r.toBuilder().mac("other").build());
        assertThat(r.toString()).doesNotContain("secret-mac");
        TokenDetails d = TokenDetails.builder("secret-token")
                .expires(2L)
                .issued(1L)
                .capability("{}")
                .clientId("c")
                .build();
        assertContract(
                d,
                x -> x.toBuilder().build(),
                d.toBuilder().token("other").build(),
                d.toBuilder().expires(3L).build(),
                d.toBuilder().issued(null).build(),
                d.toBuilder().capability(null).build(),
                d.toBuilder().clientId("*").build());
        assertThat(d.toString()).doesNotContain("secret-token");
        assertThat(TokenDetails.of("t").token()).isEqualTo("t");
    }

    @Test
    void CD2_AD2_PBR2_connectionAuthAndPublishResult() {
        ConnectionDetails c = ConnectionDetails.builder()
                .clientId("c")
                .connectionKey("secret-key")
                .maxMessageSize(1)
                .maxFrameSize(2)
                .maxInboundRate(3)
                .connectionStateTtl(4L)
                .serverId("s")
                .maxIdleInterval(5L)
                .objectsGCGracePeriod(6L)
                .siteCode("x")
                .build();
        assertContract(
                c,
                x -> x.toBuilder().build(),
                c.toBuilder().clientId(null).build(),
                c.toBuilder().connectionKey("k2").build(),
                c.toBuilder().maxMessageSize(9).build(),
                c.toBuilder().maxFrameSize(9).build(),
                c.toBuilder().maxInboundRate(9).build(),
                c.toBuilder().connectionStateTtl(9L).build(),
                c.toBuilder().serverId(null).build(),
                c.toBuilder().maxIdleInterval(0L).build(),
                c.toBuilder().objectsGCGracePeriod(null).build(),
                c.toBuilder().siteCode("y").build());
        assertThat(c.toString()).doesNotContain("secret-key");
        assertContract(AuthDetails.of("a"), x -> AuthDetails.of(x.accessToken()), AuthDetails.of("b"));
        assertContract(
                PublishResult.of(List.of("a")),
                x -> PublishResult.of(x.serials()),
                PublishResult.of(List.of("b")),
                PublishResult.of(List.of()));
    }

    @Test
    void TM2_messageAndTR4_protocolMessageFieldsAllTakePartInEquality() {
        Message m = Message.builder()
                .id("i")
                .name("n")
                .data("d")
                .serial("s")
                .actionCode(1)
                .build();
        assertContract(
                m,
                x -> x.toBuilder().build(),
                m.toBuilder().clientId("c").build(),
                m.toBuilder().connectionId("k").build(),
                m.toBuilder().connectionKey("ck").build(),
                m.toBuilder().encoding("utf-8").build(),
                m.toBuilder().extras(Json.parse("{}")).build(),
                m.toBuilder().timestamp(1L).build(),
                m.toBuilder().action(MessageAction.META).build(),
                m.toBuilder().serial(null).build(),
                m.toBuilder().version(MessageVersion.builder().build()).build(),
                m.toBuilder().annotations(MessageAnnotations.empty()).build(),
                m.toBuilder().data(Json.parse("[1]")).build());
        ProtocolMessage p = ProtocolMessage.builder(ProtocolMessage.Action.ACK)
                .msgSerial(1L)
                .build();
        assertContract(
                p,
                x -> x.toBuilder().build(),
                p.toBuilder().id("i").build(),
                p.toBuilder().channel("c").build(),
                p.toBuilder().channelSerial("cs").build(),
                p.toBuilder().connectionId("k").build(),
                p.toBuilder().connectionKey("ck").build(),
                p.toBuilder()
                        .connectionDetails(ConnectionDetails.builder().build())
                        .build(),
                p.toBuilder().count(1).build(),
                p.toBuilder().error(ErrorInfo.of(1, 2, "m")).build(),
                p.toBuilder().flags(1).build(),
                p.toBuilder().msgSerial(2L).build(),
                p.toBuilder().addMessage(m).build(),
                p.toBuilder()
                        .presence(List.of(PresenceMessage.builder().build()))
                        .build(),
                p.toBuilder().timestamp(1L).build(),
                p.toBuilder().params(Map.of("a", "b")).build(),
                p.toBuilder().auth(AuthDetails.of("t")).build(),
                p.toBuilder().res(List.of(PublishResult.of(List.of()))).build(),
                p.toBuilder().actionCode(1000).build());
    }
}
