package io.ably4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably.lib.types.PresenceMessage;
import io.ably4j.emulator.Emulator;
import io.ably4j.emulator.EventLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Presence across ably-js and ably-java: a multi-page SYNC of 260 members, enter and leave events. */
class PresenceInteropTest extends InteropBase {
    private static final int MEMBERS = 260;
    private static final int PAGE = 50;
    private static final Duration WAIT = Duration.ofSeconds(15);

    private Emulator emulator() {
        return start(Emulator.builder().port(0).key(KEY).syncPageSize(PAGE));
    }

    private static List<String> memberIds() {
        return IntStream.range(0, MEMBERS)
                .mapToObj(i -> String.format("member-%03d", i))
                .toList();
    }

    /** The emulator sent the observer's connection a SYNC in several pages. */
    private static void assertMultiPageSync(Emulator emu, String connectionId, String channel) {
        long pages = emu.events()
                .events(EventLog.frame(true, 16)
                        .and(e -> connectionId.equals(e.connectionId()) && channel.equals(e.channel())))
                .size();
        assertThat(pages).as("SYNC frames to the observer").isGreaterThanOrEqualTo((MEMBERS + PAGE - 1) / PAGE);
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void RTP11_jsEntersManyJavaGetsAll(Format format) throws Exception {
        Emulator emu = emulator();
        JsPeer js = js("presence-js-enters", emu, format);
        js.call("connect", "auth", "key");
        List<String> ids = memberIds();
        js.call("enterClients", "channel", "crowd", "clientIds", ids, "data", JsPeer.data("here"));
        JavaPeer java = java(emu, format);
        java.attach("crowd");
        PresenceMessage[] members = java.channel("crowd").presence.get(true);
        assertThat(Arrays.stream(members).map(m -> m.clientId).toList()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(members).allSatisfy(m -> assertThat(m.data).isEqualTo("here"));
        assertMultiPageSync(emu, java.connectionId(), "crowd");
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void RTP11_javaEntersManyJsGetsAll(Format format) throws Exception {
        Emulator emu = emulator();
        JavaPeer java = java(emu, format);
        java.attach("crowd");
        List<CompletableFuture<@Nullable Void>> entered = new ArrayList<>();
        for (String id : memberIds()) {
            CompletableFuture<@Nullable Void> f = new CompletableFuture<>();
            java.channel("crowd").presence.enterClient(id, "here", JavaPeer.completion(f));
            entered.add(f);
        }
        JavaPeer.await(CompletableFuture.allOf(entered.toArray(CompletableFuture[]::new)), "enterClient x" + MEMBERS);
        JsPeer js = js("presence-js-gets", emu, format);
        String jsConnection = JsPeer.string(js.call("connect", "auth", "key"), "connectionId");
        List<Map<String, Object>> members = JsPeer.objects(js.call("presenceGet", "channel", "crowd"), "members");
        assertThat(members).extracting(m -> m.get("clientId")).containsExactlyInAnyOrderElementsOf(memberIds());
        assertThat(members).allSatisfy(m -> assertThat(m.get("data")).isEqualTo(JsPeer.data("here")));
        assertMultiPageSync(emu, jsConnection, "crowd");
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void RTP6_javaSeesJsEnterAndLeave(Format format) throws Exception {
        Emulator emu = emulator();
        JavaPeer java = java(emu, format);
        java.subscribePresence("lobby");
        JsPeer js = js("presence-events-js", emu, format);
        String jsConnection = JsPeer.string(js.call("connect", "auth", "key"), "connectionId");
        js.call("enterClients", "channel", "lobby", "clientIds", List.of("alice"), "data", JsPeer.data("hi"));
        PresenceMessage enter = java.awaitPresence(
                        p -> p.action == PresenceMessage.Action.enter && "alice".equals(p.clientId), 1, WAIT)
                .get(0);
        assertThat(enter.data).isEqualTo("hi");
        assertThat(enter.connectionId).isEqualTo(jsConnection);
        assertThat(java.channel("lobby").presence.get(true))
                .extracting(p -> p.clientId)
                .containsExactly("alice");
        js.call("leaveClients", "channel", "lobby", "clientIds", List.of("alice"));
        java.awaitPresence(p -> p.action == PresenceMessage.Action.leave && "alice".equals(p.clientId), 1, WAIT);
        assertThat(java.channel("lobby").presence.get(true)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void RTP6_jsSeesJavaEnterAndLeave(Format format) throws Exception {
        Emulator emu = emulator();
        JsPeer js = js("presence-events-java", emu, format);
        js.call("connect", "auth", "key");
        js.call("presenceSubscribe", "channel", "lobby");
        JavaPeer java = java(emu, format);
        java.attach("lobby");
        CompletableFuture<@Nullable Void> entered = new CompletableFuture<>();
        java.channel("lobby").presence.enterClient("bob", "hello", JavaPeer.completion(entered));
        JavaPeer.await(entered, "enterClient");
        Map<String, Object> enter =
                js.awaitEvent(e -> "presence".equals(e.get("event")) && "enter".equals(e.get("action")), WAIT);
        assertThat(enter.get("clientId")).isEqualTo("bob");
        assertThat(enter.get("data")).isEqualTo(JsPeer.data("hello"));
        assertThat(enter.get("connectionId")).isEqualTo(java.connectionId());
        assertThat(JsPeer.objects(js.call("presenceGet", "channel", "lobby"), "members"))
                .extracting(m -> m.get("clientId"))
                .containsExactly("bob");
        CompletableFuture<@Nullable Void> left = new CompletableFuture<>();
        java.channel("lobby").presence.leaveClient("bob", null, JavaPeer.completion(left));
        JavaPeer.await(left, "leaveClient");
        Map<String, Object> leave =
                js.awaitEvent(e -> "presence".equals(e.get("event")) && "leave".equals(e.get("action")), WAIT);
        assertThat(leave.get("clientId")).isEqualTo("bob");
        assertThat(JsPeer.objects(js.call("presenceGet", "channel", "lobby"), "members"))
                .isEmpty();
    }
}
