package io.ably4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ConnectionState;
import io.ably4j.HistoryParams;
import io.ably4j.HistoryParams.Direction;
import io.ably4j.RealtimeChannel;
import io.ably4j.RestClient;
import io.ably4j.emulator.DropMode;
import io.ably4j.emulator.Emulator;
import io.ably4j.emulator.RefuseMode;
import io.ably4j.interop.Ably4jHistoryInteropTest.Chan;
import io.ably4j.types.PresenceAction;
import io.ably4j.types.PresenceMessage;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Presence across ably4j and ably-js: members entered by one SDK with every payload kind, on a plain and an encrypted
 * channel, are seen by the other with identical data through presence events (RTP6) and {@code get()} (RTP11);
 * ably-js sees ably4j's automatic re-entry (RTP17i) after the emulator removed ably4j's members; and both SDKs' REST
 * presence and presence history (RSP3, RSP4) read the same members and events.
 */
class Ably4jPresenceInteropTest extends InteropBase {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final int PAYLOADS = Payload.ALL.size();
    private static final List<Chan> CHANNELS =
            List.of(new Chan("presence-plain", null), new Chan("presence-encrypted", Ably4jCipherInteropTest.KEY_256));

    /** A presence event ably4j delivered on {@code channel}. */
    record Seen(String channel, PresenceMessage message) {}

    private final JavaPeer.Recorder<Seen> seen = new JavaPeer.Recorder<>();

    private RealtimeChannel subscribed(Ably4jPeer peer, Chan chan) {
        RealtimeChannel channel = peer.client.channels().get(chan.name(), chan.options());
        channel.presence().subscribe(m -> seen.add(new Seen(chan.name(), m)));
        Ably4jPeer.await(channel.attach(), "attach " + chan.name());
        return channel;
    }

    private List<PresenceMessage> awaitSeen(Chan chan, PresenceAction action, int count) {
        return seen
                .await(s -> s.channel().equals(chan.name()) && s.message().action() == action, count, WAIT, "presence")
                .stream()
                .map(Seen::message)
                .toList();
    }

    private static Predicate<Map<String, Object>> jsPresence(Chan chan, String action) {
        return e -> "presence".equals(e.get("event"))
                && chan.name().equals(e.get("channel"))
                && action.equals(e.get("action"));
    }

    private static void jsPresenceClient(JsPeer js, Chan chan, String action, String clientId, Payload p) {
        js.call(
                "presenceClient",
                PeerForm.args(
                        "channel",
                        chan.name(),
                        "cipherKey",
                        chan.cipherKey(),
                        "action",
                        action,
                        "clientId",
                        clientId,
                        "data",
                        p.jsValue()));
    }

    private static List<Map<String, Object>> jsMembers(JsPeer js, Chan chan) {
        return JsPeer.objects(
                js.call("presenceGet", PeerForm.args("channel", chan.name(), "cipherKey", chan.cipherKey())),
                "members");
    }

    /** The payload a member was entered with: its clientId ends with the payload's name. */
    private static Payload payloadOf(@Nullable Object clientId) {
        String id = String.valueOf(clientId);
        return Payload.valueOf(id.substring(id.indexOf('-') + 1));
    }

    /**
     * ably-js enters one member per payload kind on each channel; ably4j receives an ENTER per member with the data
     * exactly as entered and ably-js's connectionId (RTP6), and its {@code get()} (RTP11) holds the same members as
     * ably-js's own, field by field. An UPDATE with new data and a LEAVE reach ably4j too.
     */
    @ParameterizedTest
    @EnumSource(Format.class)
    void RTP6_RTP11_jsEntersAbly4jSees(Format format) {
        Emulator emu = start();
        Ably4jPeer ably4j = ably4j(emu, format);
        JsPeer js = js("presence-js-enters-ably4j", emu, format);
        String jsConnection = JsPeer.string(js.call("connect", "auth", "key"), "connectionId");
        for (Chan chan : CHANNELS) {
            RealtimeChannel channel = subscribed(ably4j, chan);
            for (Payload p : Payload.ALL) {
                jsPresenceClient(js, chan, "enter", "js-" + p.name(), p);
            }
            List<PresenceMessage> enters = awaitSeen(chan, PresenceAction.ENTER, PAYLOADS);
            for (PresenceMessage m : enters) {
                payloadOf(m.clientId()).assertAtAbly4j(m);
                assertThat(m.connectionId()).isEqualTo(jsConnection);
            }
            assertThat(enters)
                    .extracting(PresenceMessage::clientId)
                    .containsExactlyElementsOf(
                            Payload.ALL.stream().map(p -> "js-" + p.name()).toList());
            List<PresenceMessage> members = Ably4jPeer.await(channel.presence().get(), "presence get");
            assertThat(members).hasSize(PAYLOADS).allSatisfy(m -> {
                assertThat(m.action()).isEqualTo(PresenceAction.PRESENT);
                payloadOf(m.clientId()).assertAtAbly4j(m);
                assertThat(m.id()).startsWith(jsConnection + ":");
                assertThat(m.timestamp()).isNotNull();
            });
            assertThat(PeerForm.byMember(PeerForm.presence(members)))
                    .as("ably4j and ably-js hold the same members of %s", chan.name())
                    .isEqualTo(PeerForm.byMember(PeerForm.project(jsMembers(js, chan), PeerForm.PRESENCE_FIELDS)));

            jsPresenceClient(js, chan, "update", "js-STRING", Payload.JSON_OBJECT);
            PresenceMessage update = awaitSeen(chan, PresenceAction.UPDATE, 1).get(0);
            assertThat(update.clientId()).isEqualTo("js-STRING");
            Payload.JSON_OBJECT.assertAtAbly4j(update);
            jsPresenceClient(js, chan, "leave", "js-BINARY", Payload.BINARY);
            PresenceMessage leave = awaitSeen(chan, PresenceAction.LEAVE, 1).get(0);
            assertThat(leave.clientId()).isEqualTo("js-BINARY");
            Payload.BINARY.assertAtAbly4j(leave);
            assertThat(Ably4jPeer.await(channel.presence().get(), "presence get"))
                    .extracting(PresenceMessage::clientId)
                    .hasSize(PAYLOADS - 1)
                    .doesNotContain("js-BINARY");
        }
    }

    /**
     * ably4j enters one member per payload kind on each channel ({@code enterClient}, RTP14/RTP15), plus a client
     * with its own clientId ({@code enter}, RTP8); ably-js receives each ENTER with the data exactly as entered and
     * ably4j's connectionId, and its {@code get()} holds the same members as ably4j's, field by field. ably4j's
     * UPDATE and LEAVE reach ably-js too.
     */
    @ParameterizedTest
    @EnumSource(Format.class)
    void RTP6_RTP8_RTP14_ably4jEntersJsSees(Format format) {
        Emulator emu = start();
        JsPeer js = js("presence-ably4j-enters-js", emu, format);
        js.call("connect", "auth", "key");
        for (Chan chan : CHANNELS) {
            js.call("presenceSubscribe", PeerForm.args("channel", chan.name(), "cipherKey", chan.cipherKey()));
        }
        Ably4jPeer ably4j = ably4j(emu, format);
        Ably4jPeer self = ably4j(
                Ably4jPeer.options(emu, format, KEY).clientId("ably4j-self").build());
        for (Chan chan : CHANNELS) {
            RealtimeChannel channel = subscribed(ably4j, chan);
            for (Payload p : Payload.ALL) {
                Ably4jPeer.await(channel.presence().enterClient("ably4j-" + p.name(), p.ably4jValue()), "enterClient");
            }
            RealtimeChannel selfChannel = self.client.channels().get(chan.name(), chan.options());
            Ably4jPeer.await(selfChannel.presence().enter(Payload.JSON_ARRAY.ably4jValue()), "enter");

            List<Map<String, Object>> enters = js.awaitEvents(jsPresence(chan, "enter"), PAYLOADS + 1, WAIT);
            for (Map<String, Object> e : enters.subList(0, PAYLOADS)) {
                payloadOf(e.get("clientId")).assertAtJs(e);
                assertThat(e.get("connectionId")).isEqualTo(ably4j.connectionId());
            }
            Map<String, Object> selfEnter = enters.get(PAYLOADS);
            assertThat(selfEnter.get("clientId")).isEqualTo("ably4j-self");
            assertThat(selfEnter.get("connectionId")).isEqualTo(self.connectionId());
            Payload.JSON_ARRAY.assertAtJs(selfEnter);

            List<Map<String, Object>> jsMembers = jsMembers(js, chan);
            assertThat(jsMembers).hasSize(PAYLOADS + 1);
            awaitSeen(chan, PresenceAction.ENTER, PAYLOADS + 1); // ably4j has seen the other client's enter too
            List<PresenceMessage> own = Ably4jPeer.await(channel.presence().get(), "presence get");
            assertThat(PeerForm.byMember(PeerForm.project(jsMembers, PeerForm.PRESENCE_FIELDS)))
                    .as("ably-js and ably4j hold the same members of %s", chan.name())
                    .isEqualTo(PeerForm.byMember(PeerForm.presence(own)));

            Ably4jPeer.await(channel.presence().updateClient("ably4j-STRING", Payload.BINARY.ably4jValue()), "update");
            Map<String, Object> update = js.awaitEvent(jsPresence(chan, "update"), WAIT);
            assertThat(update.get("clientId")).isEqualTo("ably4j-STRING");
            Payload.BINARY.assertAtJs(update);
            Ably4jPeer.await(selfChannel.presence().leave(Payload.STRING.ably4jValue()), "leave");
            Map<String, Object> leave = js.awaitEvent(jsPresence(chan, "leave"), WAIT);
            assertThat(leave.get("clientId")).isEqualTo("ably4j-self");
            Payload.STRING.assertAtJs(leave);
        }
    }

    /**
     * RTP17i, RTP17g, RTP17g1: ably4j enters members (plain and encrypted); its transport drops and reconnection is
     * refused until the emulator's presence leave grace has expired, so ably-js sees a LEAVE per member. ably4j then
     * resumes its connection (same id), its channels re-attach without RESUMED and it re-enters every member by
     * itself, with each member's id (RTP17g1: entered on this connection): ably-js sees an ENTER per member with the
     * same data and id, from ably4j's connection, and the members are present again.
     */
    @ParameterizedTest
    @EnumSource(Format.class)
    void RTP17i_RTP17g1_jsSeesAbly4jReenterAfterLeaveGrace(Format format) {
        Emulator emu = start(Emulator.builder().port(0).key(KEY).presenceLeaveGrace(Duration.ofMillis(300)));
        Reentry r = reentry(emu, format, false);
        assertThat(r.newConnectionId()).as("resumed").isEqualTo(r.oldConnectionId());
        for (Chan chan : CHANNELS) {
            assertThat(r.entered(chan))
                    .allSatisfy(e -> assertThat(JsPeer.string(e, "id")).startsWith(r.oldConnectionId() + ":"));
            assertThat(r.reentered(chan))
                    .extracting(e -> e.get("id"))
                    .as("RTP17g1: re-entered with the members' ids")
                    .containsExactlyInAnyOrderElementsOf(
                            r.entered(chan).stream().map(e -> e.get("id")).toList());
        }
    }

    /**
     * RTP17i, RTP17g1: as above, but reconnection is refused past the connectionStateTtl, so ably4j goes SUSPENDED
     * and gets a new connection: it re-enters every member without the old ids, and ably-js sees each ENTER from the
     * new connection with the same data.
     */
    @ParameterizedTest
    @EnumSource(Format.class)
    void RTP17i_RTP17g1_jsSeesAbly4jReenterOnNewConnectionAfterTtl(Format format) {
        Emulator emu = start(Emulator.builder()
                .port(0)
                .key(KEY)
                .connectionStateTtl(Duration.ofSeconds(1))
                .presenceLeaveGrace(Duration.ofMillis(300)));
        Reentry r = reentry(emu, format, true);
        assertThat(r.newConnectionId()).as("a new connection").isNotEqualTo(r.oldConnectionId());
        for (Chan chan : CHANNELS) {
            assertThat(r.reentered(chan))
                    .allSatisfy(e -> assertThat(JsPeer.string(e, "id")).startsWith(r.newConnectionId() + ":"));
        }
    }

    /** What ably-js saw of one re-entry: the first ENTERs and the re-entries, by channel. */
    record Reentry(
            String oldConnectionId,
            String newConnectionId,
            Map<String, List<Map<String, Object>>> enters,
            Map<String, List<Map<String, Object>>> reenters) {
        List<Map<String, Object>> entered(Chan chan) {
            return Objects.requireNonNull(enters.get(chan.name()));
        }

        List<Map<String, Object>> reentered(Chan chan) {
            return Objects.requireNonNull(reenters.get(chan.name()));
        }
    }

    private Reentry reentry(Emulator emu, Format format, boolean pastTtl) {
        JsPeer js = js("presence-reenter", emu, format);
        js.call("connect", "auth", "key");
        for (Chan chan : CHANNELS) {
            js.call("presenceSubscribe", PeerForm.args("channel", chan.name(), "cipherKey", chan.cipherKey()));
        }
        Ably4jPeer ably4j = ably4j(Ably4jPeer.options(emu, format, KEY)
                .disconnectedRetryTimeout(Duration.ofMillis(200))
                .suspendedRetryTimeout(Duration.ofMillis(300))
                .build());
        List<Payload> payloads = List.of(Payload.STRING, Payload.BINARY, Payload.JSON_OBJECT);
        Map<String, List<Map<String, Object>>> enters = new HashMap<>();
        for (Chan chan : CHANNELS) {
            RealtimeChannel channel = ably4j.client.channels().get(chan.name(), chan.options());
            for (Payload p : payloads) {
                Ably4jPeer.await(channel.presence().enterClient("ably4j-" + p.name(), p.ably4jValue()), "enterClient");
            }
            enters.put(chan.name(), js.awaitEvents(jsPresence(chan, "enter"), payloads.size(), WAIT));
        }

        String oldConnectionId = ably4j.connectionId();
        emu.faults().refuseConnections(RefuseMode.RESET);
        emu.faults().drop(oldConnectionId, DropMode.RST);
        for (Chan chan : CHANNELS) {
            List<Map<String, Object>> leaves = js.awaitEvents(jsPresence(chan, "leave"), payloads.size(), WAIT);
            assertThat(leaves).extracting(e -> e.get("connectionId")).containsOnly(oldConnectionId);
            assertThat(jsMembers(js, chan)).isEmpty();
        }
        if (pastTtl) {
            Ably4jPeer.await(ably4j.client.connection().whenState(ConnectionState.SUSPENDED), "SUSPENDED");
        }
        emu.faults().acceptConnections();
        Ably4jPeer.await(ably4j.client.connection().whenState(ConnectionState.CONNECTED), "reconnect");
        String newConnectionId = ably4j.connectionId();

        Map<String, List<Map<String, Object>>> reenters = new HashMap<>();
        for (Chan chan : CHANNELS) {
            List<Map<String, Object>> all = js.awaitEvents(jsPresence(chan, "enter"), 2 * payloads.size(), WAIT);
            List<Map<String, Object>> reentered = all.subList(payloads.size(), all.size());
            assertThat(reentered)
                    .extracting(e -> e.get("clientId"))
                    .containsExactlyInAnyOrderElementsOf(
                            payloads.stream().map(p -> "ably4j-" + p.name()).toList());
            for (Map<String, Object> e : reentered) {
                payloadOf(e.get("clientId")).assertAtJs(e);
                assertThat(e.get("connectionId")).isEqualTo(newConnectionId);
            }
            assertThat(jsMembers(js, chan))
                    .hasSize(payloads.size())
                    .allSatisfy(m -> payloadOf(m.get("clientId")).assertAtJs(m));
            reenters.put(chan.name(), reentered);
        }
        return new Reentry(oldConnectionId, newConnectionId, enters, reenters);
    }

    /**
     * RSP3, RSP4: on a channel where ably-js and ably4j both entered, updated and left members (plain and encrypted),
     * ably-js's REST {@code presence.get()} and {@code presence.history()} return exactly what ably4j's {@code
     * RestPresence.get()} and {@code history()} (and {@code RealtimePresence.history()}, RTP12) return.
     */
    @ParameterizedTest
    @EnumSource(Format.class)
    void RSP3_RSP4_jsAndAbly4jRestPresenceAgree(Format format) {
        Emulator emu = start();
        JsPeer js = js("rest-presence", emu, format);
        js.call("connect", "auth", "key");
        Ably4jPeer ably4j = ably4j(emu, format);
        List<Payload> payloads = List.of(Payload.STRING, Payload.BINARY, Payload.JSON_OBJECT);
        HistoryParams forwards =
                HistoryParams.builder().direction(Direction.FORWARDS).build();
        RestClient rest =
                track(new RestClient(Ably4jPeer.options(emu, format, KEY).build()));
        for (Chan chan : CHANNELS) {
            RealtimeChannel channel = ably4j.client.channels().get(chan.name(), chan.options());
            for (Payload p : payloads) {
                jsPresenceClient(js, chan, "enter", "js-" + p.name(), p);
                Ably4jPeer.await(channel.presence().enterClient("ably4j-" + p.name(), p.ably4jValue()), "enter");
            }
            jsPresenceClient(js, chan, "update", "js-STRING", Payload.JSON_ARRAY);
            Ably4jPeer.await(channel.presence().leaveClient("ably4j-BINARY", null), "leave");

            List<Map<String, Object>> jsGet = JsPeer.objects(
                    js.call("restPresenceGet", PeerForm.args("channel", chan.name(), "cipherKey", chan.cipherKey())),
                    "items");
            List<PresenceMessage> get = PeerForm.allPages(
                    rest.channels().get(chan.name(), chan.options()).presence().get(), "REST get");
            assertThat(get).hasSize(2 * payloads.size() - 1).allSatisfy(m -> {
                assertThat(m.action()).isEqualTo(PresenceAction.PRESENT);
                ("js-STRING".equals(m.clientId()) ? Payload.JSON_ARRAY : payloadOf(m.clientId())).assertAtAbly4j(m);
            });
            assertThat(PeerForm.byMember(PeerForm.presence(get)))
                    .as("REST presence of %s", chan.name())
                    .isEqualTo(PeerForm.byMember(PeerForm.project(jsGet, PeerForm.PRESENCE_FIELDS)));

            List<Map<String, Object>> jsHistory = JsPeer.objects(
                    js.call(
                            "restPresenceHistory",
                            PeerForm.args("channel", chan.name(), "cipherKey", chan.cipherKey())),
                    "items");
            List<PresenceMessage> history = PeerForm.allPages(
                    rest.channels().get(chan.name(), chan.options()).presence().history(forwards), "REST history");
            assertThat(history).allSatisfy(m -> {
                assertThat(m.id()).isNotNull();
                assertThat(m.timestamp()).isNotNull();
            });
            assertThat(history)
                    .extracting(m -> m.action() + " " + m.clientId())
                    .containsExactly(
                            "ENTER js-STRING",
                            "ENTER ably4j-STRING",
                            "ENTER js-BINARY",
                            "ENTER ably4j-BINARY",
                            "ENTER js-JSON_OBJECT",
                            "ENTER ably4j-JSON_OBJECT",
                            "UPDATE js-STRING",
                            "LEAVE ably4j-BINARY");
            assertThat(PeerForm.presence(history))
                    .as("REST presence history of %s", chan.name())
                    .isEqualTo(PeerForm.project(jsHistory, PeerForm.PRESENCE_FIELDS));
            assertThat(PeerForm.presence(PeerForm.allPages(channel.presence().history(forwards), "realtime history")))
                    .as("RealtimePresence.history of %s", chan.name())
                    .isEqualTo(PeerForm.presence(history));
        }
    }
}
