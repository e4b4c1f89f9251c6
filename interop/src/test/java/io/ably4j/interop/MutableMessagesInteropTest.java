package io.ably4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.RealtimeChannel;
import io.ably4j.emulator.Emulator;
import io.ably4j.types.Message;
import io.ably4j.types.MessageAction;
import io.ably4j.types.MessageOperation;
import io.ably4j.types.MessageVersion;
import io.ably4j.types.UpdateDeleteResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Mutable messages between ably4j and ably-js 2.28 (RTL32, RSL15, RTL28, RSL11, RSL14): an update, append or delete
 * made by one SDK reaches the other live with its action and version, and each reads what the other changed.
 */
class MutableMessagesInteropTest extends InteropBase {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @ParameterizedTest
    @EnumSource(Format.class)
    void RTL32_jsEditsAbly4jSees(Format format) {
        Emulator emu = start();
        String channel = "mutable:js-edits";
        Ably4jPeer ably4j = ably4j(emu, format);
        ably4j.subscribe(channel);
        JsPeer js = js("js-edits", emu, format);
        js.call("connect", "auth", "key");
        js.call("attach", "channel", channel);

        js.call("publish", "channel", channel, "name", "doc", "data", JsPeer.data("v1"));
        String serial =
                Objects.requireNonNull(ably4j.awaitMessage(channel, "doc", WAIT).serial(), "serial");
        String updated = JsPeer.string(
                js.call(
                        "editMessage",
                        "channel",
                        channel,
                        "op",
                        "update",
                        "serial",
                        serial,
                        "data",
                        JsPeer.data("v2"),
                        "description",
                        "typo",
                        "metadata",
                        Map.of("by", "js")),
                "versionSerial");
        String appended = JsPeer.string(
                js.call(
                        "editMessage",
                        "channel",
                        channel,
                        "op",
                        "append",
                        "serial",
                        serial,
                        "data",
                        JsPeer.data("+more"),
                        "rest",
                        true),
                "versionSerial");

        List<Message> got = ably4j.awaitMessages(channel, m -> true, 3, WAIT);
        Message update = got.get(1);
        Message append = got.get(2);
        assertThat(update.action()).isEqualTo(MessageAction.MESSAGE_UPDATE);
        assertThat(update.serial()).isEqualTo(serial);
        assertThat(update.data()).isEqualTo("v2");
        MessageVersion version = Objects.requireNonNull(update.version(), "version");
        assertThat(version.serial()).isEqualTo(updated);
        assertThat(version.description()).isEqualTo("typo");
        assertThat(version.metadata()).containsEntry("by", "js");
        assertThat(append.action()).isEqualTo(MessageAction.MESSAGE_APPEND);
        assertThat(append.data()).isEqualTo("+more");
        assertThat(Objects.requireNonNull(append.version(), "version").serial()).isEqualTo(appended);
        Message latest = Ably4jPeer.await(ably4j.channel(channel).getMessage(serial), "getMessage");
        assertThat(latest.data()).isEqualTo("v2+more");
        assertThat(latest.action()).isEqualTo(MessageAction.MESSAGE_APPEND);
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void RTL32_ably4jEditsJsSees(Format format) {
        Emulator emu = start();
        String channel = "mutable:ably4j-edits";
        JsPeer js = js("ably4j-edits", emu, format);
        js.call("connect", "auth", "key");
        js.call("subscribe", "channel", channel);
        Ably4jPeer ably4j = ably4j(emu, format);
        RealtimeChannel ch = ably4j.channel(channel);

        String serial = Objects.requireNonNull(
                ably4j.publish(ch, Message.of("doc", "v1")).serials().get(0), "serial");
        UpdateDeleteResult updated = Ably4jPeer.await(
                ch.updateMessage(
                        Message.builder().serial(serial).name("doc").data("v2").build(),
                        MessageOperation.builder().description("edit").build()),
                "updateMessage");
        UpdateDeleteResult deleted = Ably4jPeer.await(
                ch.deleteMessage(Message.builder().serial(serial).build()), "deleteMessage");

        List<Map<String, Object>> got = js.awaitEvents(JsPeer.message(channel), 3, WAIT);
        assertThat(got)
                .extracting(m -> m.get("action"))
                .containsExactly("message.create", "message.update", "message.delete");
        assertThat(got).extracting(m -> m.get("serial")).containsOnly(serial);
        assertThat(JsPeer.object(got.get(1), "data")).isEqualTo(JsPeer.data("v2"));
        assertThat(JsPeer.object(got.get(1), "version"))
                .containsEntry("serial", updated.versionSerial())
                .containsEntry("description", "edit");
        assertThat(JsPeer.object(got.get(2), "version")).containsEntry("serial", deleted.versionSerial());
        Map<String, Object> versions =
                js.call("getMessageVersions", "channel", channel, "serial", serial, "rest", true);
        assertThat(JsPeer.objects(versions, "items"))
                .extracting(m -> m.get("action"))
                .containsExactly("message.create", "message.update", "message.delete");
        Map<String, Object> latest =
                JsPeer.object(js.call("getMessage", "channel", channel, "serial", serial), "message");
        assertThat(latest.get("action")).isEqualTo("message.delete");
    }

    /**
     * ably-java 1.5 (spec 4: an update is a PATCH without action, a delete a POST {@code .../delete}, the operation
     * as {@code operation}) edits a message ably4j published; ably4j sees both live, and ably-java sees ably4j's
     * update with its action and version. ably-java 1.5 knows no append action, so none is sent to it.
     */
    @ParameterizedTest
    @EnumSource(Format.class)
    void RSL15_javaEditsAbly4jSeesAndBack(Format format) throws Exception {
        Emulator emu = start();
        String channel = "mutable:java";
        Ably4jPeer ably4j = ably4j(emu, format);
        ably4j.subscribe(channel);
        JavaPeer java = java(emu, format);
        java.subscribe(channel);
        RealtimeChannel ch = ably4j.channel(channel);
        String serial = Objects.requireNonNull(
                ably4j.publish(ch, Message.of("doc", "v1")).serials().get(0), "serial");

        io.ably.lib.types.Message edit = new io.ably.lib.types.Message("doc", "v2");
        edit.serial = serial;
        java.channel(channel).updateMessage(edit, new io.ably.lib.types.MessageOperation(null, "by java", null));
        io.ably.lib.types.Message delete = new io.ably.lib.types.Message();
        delete.serial = serial;
        java.channel(channel).deleteMessage(delete);
        List<Message> got = ably4j.awaitMessages(channel, m -> true, 3, WAIT);
        UpdateDeleteResult mine = Ably4jPeer.await(
                ch.updateMessage(Message.builder().serial(serial).data("v3").build()), "updateMessage");
        List<io.ably.lib.types.Message> atJava = java.awaitMessages(m -> true, 4, WAIT);

        assertThat(got.get(1).action()).isEqualTo(MessageAction.MESSAGE_UPDATE);
        assertThat(got.get(1).data()).isEqualTo("v2");
        assertThat(Objects.requireNonNull(got.get(1).version(), "version").description())
                .isEqualTo("by java");
        assertThat(got.get(2).action()).isEqualTo(MessageAction.MESSAGE_DELETE);
        assertThat(got.get(2).serial()).isEqualTo(serial);
        io.ably.lib.types.Message last = atJava.get(3);
        assertThat(last.action).isEqualTo(io.ably.lib.types.MessageAction.MESSAGE_UPDATE);
        assertThat(last.serial).isEqualTo(serial);
        assertThat(last.data).isEqualTo("v3");
        assertThat(last.version.serial).isEqualTo(mine.versionSerial());
        assertThat(java.channel(channel).getMessage(serial).data).isEqualTo("v3");
    }
}
