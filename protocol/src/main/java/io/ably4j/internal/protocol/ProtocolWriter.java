package io.ably4j.internal.protocol;

import io.ably4j.types.Annotation;
import io.ably4j.types.AuthDetails;
import io.ably4j.types.ConnectionDetails;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.Json;
import io.ably4j.types.Message;
import io.ably4j.types.MessageAnnotations;
import io.ably4j.types.MessageVersion;
import io.ably4j.types.PresenceMessage;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.PublishResult;
import io.ably4j.types.TokenDetails;
import io.ably4j.types.TokenParams;
import io.ably4j.types.TokenRequest;
import io.ably4j.types.UpdateDeleteResult;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import org.jspecify.annotations.Nullable;

/**
 * Writes Ably types to a {@link WireWriter}, format-independently. Absent (null) fields and empty lists and
 * maps are not written. Each map's entry count is computed first, because msgpack needs it up front.
 */
final class ProtocolWriter {
    private final WireWriter w;
    private final TypesAccess access = TypesAccess.get();

    ProtocolWriter(WireWriter w) {
        this.w = w;
    }

    /** Writes any JSON value as the whole body. */
    void writeJson(Json value) throws IOException {
        w.json(value);
    }

    private static int n(@Nullable Object v) {
        return v == null ? 0 : 1;
    }

    private static int n(List<?> v) {
        return v.isEmpty() ? 0 : 1;
    }

    private static int n(Map<?, ?> v) {
        return v.isEmpty() ? 0 : 1;
    }

    private void field(String name, @Nullable String value) throws IOException {
        if (value != null) {
            w.name(name);
            w.string(value);
        }
    }

    private void field(String name, @Nullable Long value) throws IOException {
        if (value != null) {
            w.name(name);
            w.number(value);
        }
    }

    private void field(String name, @Nullable Integer value) throws IOException {
        if (value != null) {
            w.name(name);
            w.number(value);
        }
    }

    private void field(String name, Map<String, String> map) throws IOException {
        if (!map.isEmpty()) {
            w.name(name);
            stringMap(map);
        }
    }

    private void stringMap(Map<String, String> map) throws IOException {
        w.beginMap(map.size());
        for (Map.Entry<String, String> e : map.entrySet()) {
            w.key(e.getKey());
            w.string(e.getValue());
        }
        w.endMap();
    }

    private void data(@Nullable Object data) throws IOException {
        if (data == null) {
            return;
        }
        w.name("data");
        if (data instanceof byte[] bytes) {
            w.binary(bytes);
        } else if (data instanceof Json json) {
            w.string(json.text()); // normally the encoding layer has already made this a string
        } else {
            w.string((String) data);
        }
    }

    private void json(String name, @Nullable Json value) throws IOException {
        if (value != null) {
            w.name(name);
            w.json(value);
        }
    }

    void writeProtocolMessage(ProtocolMessage m) throws IOException {
        int entries = 1
                + n(m.id())
                + n(m.channel())
                + n(m.channelSerial())
                + n(m.connectionId())
                + n(m.connectionKey())
                + n(m.connectionDetails())
                + n(m.count())
                + n(m.error())
                + (m.flags() != 0 ? 1 : 0)
                + n(m.msgSerial())
                + n(m.messages())
                + n(m.presence())
                + n(m.timestamp())
                + n(m.params())
                + n(m.auth())
                + n(m.res())
                + n(m.annotations());
        w.beginMap(entries);
        w.name("action");
        w.number(m.actionCode());
        field("id", m.id());
        field("channel", m.channel());
        field("channelSerial", m.channelSerial());
        field("connectionId", m.connectionId());
        field("connectionKey", m.connectionKey());
        ConnectionDetails details = m.connectionDetails();
        if (details != null) {
            w.name("connectionDetails");
            writeConnectionDetails(details);
        }
        field("count", m.count());
        ErrorInfo error = m.error();
        if (error != null) {
            w.name("error");
            writeErrorInfo(error);
        }
        if (m.flags() != 0) {
            w.name("flags");
            w.number(m.flags());
        }
        field("msgSerial", m.msgSerial());
        if (!m.messages().isEmpty()) {
            w.name("messages");
            writeMessages(m.messages());
        }
        if (!m.presence().isEmpty()) {
            w.name("presence");
            writePresenceMessages(m.presence());
        }
        field("timestamp", m.timestamp());
        field("params", m.params());
        AuthDetails auth = m.auth();
        if (auth != null) {
            w.name("auth");
            w.beginMap(1);
            field("accessToken", auth.accessToken());
            w.endMap();
        }
        if (!m.res().isEmpty()) {
            w.name("res");
            w.beginArray(m.res().size());
            for (PublishResult result : m.res()) {
                writePublishResult(result);
            }
            w.endArray();
        }
        if (!m.annotations().isEmpty()) {
            w.name("annotations");
            writeAnnotations(m.annotations());
        }
        w.endMap();
    }

    void writeMessages(List<Message> messages) throws IOException {
        w.beginArray(messages.size());
        if (messages instanceof RandomAccess) {
            for (int i = 0, n = messages.size(); i < n; i++) { // no iterator: the common path allocates nothing
                writeMessage(messages.get(i));
            }
        } else {
            for (Message message : messages) {
                writeMessage(message);
            }
        }
        w.endArray();
    }

    void writeMessage(Message m) throws IOException {
        Object data = access.rawData(m);
        int entries = n(m.id())
                + n(m.clientId())
                + n(m.connectionId())
                + n(m.connectionKey())
                + n(m.name())
                + n(data)
                + n(m.encoding())
                + n(m.extras())
                + n(m.timestamp())
                + n(m.actionCode())
                + n(m.serial())
                + n(m.version())
                + n(m.annotations());
        w.beginMap(entries);
        field("id", m.id());
        field("clientId", m.clientId());
        field("connectionId", m.connectionId());
        field("connectionKey", m.connectionKey());
        field("name", m.name());
        data(data);
        field("encoding", m.encoding());
        json("extras", m.extras());
        field("timestamp", m.timestamp());
        field("action", m.actionCode());
        field("serial", m.serial());
        MessageVersion version = m.version();
        if (version != null) {
            w.name("version");
            writeVersion(version);
        }
        MessageAnnotations annotations = m.annotations();
        if (annotations != null) {
            w.name("annotations");
            Map<String, Json> summary = annotations.summary();
            w.beginMap(n(summary));
            if (!summary.isEmpty()) {
                w.name("summary");
                w.beginMap(summary.size());
                for (Map.Entry<String, Json> e : summary.entrySet()) {
                    w.key(e.getKey());
                    w.json(e.getValue());
                }
                w.endMap();
            }
            w.endMap();
        }
        w.endMap();
    }

    private void writeVersion(MessageVersion v) throws IOException {
        w.beginMap(n(v.serial()) + n(v.timestamp()) + n(v.clientId()) + n(v.description()) + n(v.metadata()));
        field("serial", v.serial());
        field("timestamp", v.timestamp());
        field("clientId", v.clientId());
        field("description", v.description());
        field("metadata", v.metadata());
        w.endMap();
    }

    void writePresenceMessages(List<PresenceMessage> messages) throws IOException {
        w.beginArray(messages.size());
        if (messages instanceof RandomAccess) {
            for (int i = 0, n = messages.size(); i < n; i++) {
                writePresenceMessage(messages.get(i));
            }
        } else {
            for (PresenceMessage message : messages) {
                writePresenceMessage(message);
            }
        }
        w.endArray();
    }

    void writePresenceMessage(PresenceMessage m) throws IOException {
        Object data = access.rawData(m);
        int entries = n(m.id())
                + n(m.actionCode())
                + n(m.clientId())
                + n(m.connectionId())
                + n(data)
                + n(m.encoding())
                + n(m.extras())
                + n(m.timestamp());
        w.beginMap(entries);
        field("id", m.id());
        field("action", m.actionCode());
        field("clientId", m.clientId());
        field("connectionId", m.connectionId());
        data(data);
        field("encoding", m.encoding());
        json("extras", m.extras());
        field("timestamp", m.timestamp());
        w.endMap();
    }

    void writeAnnotations(List<Annotation> annotations) throws IOException {
        w.beginArray(annotations.size());
        for (Annotation annotation : annotations) {
            writeAnnotation(annotation);
        }
        w.endArray();
    }

    void writeAnnotation(Annotation a) throws IOException {
        Object data = access.rawData(a);
        int entries = n(a.id())
                + n(a.actionCode())
                + n(a.clientId())
                + n(a.name())
                + n(a.count())
                + n(data)
                + n(a.encoding())
                + n(a.timestamp())
                + n(a.serial())
                + n(a.messageSerial())
                + n(a.type())
                + n(a.extras());
        w.beginMap(entries);
        field("id", a.id());
        field("action", a.actionCode());
        field("clientId", a.clientId());
        field("name", a.name());
        field("count", a.count());
        data(data);
        field("encoding", a.encoding());
        field("timestamp", a.timestamp());
        field("serial", a.serial());
        field("messageSerial", a.messageSerial());
        field("type", a.type());
        json("extras", a.extras());
        w.endMap();
    }

    /** An update, delete or append response (UDR2); a null {@code versionSerial} is written as an explicit null. */
    void writeUpdateDeleteResult(UpdateDeleteResult result) throws IOException {
        w.beginMap(1);
        w.name("versionSerial");
        String serial = result.versionSerial();
        if (serial == null) {
            w.nil();
        } else {
            w.string(serial);
        }
        w.endMap();
    }

    void writeErrorInfo(ErrorInfo e) throws IOException {
        int entries = (e.code() != 0 ? 1 : 0)
                + (e.statusCode() != 0 ? 1 : 0)
                + (e.message().isEmpty() ? 0 : 1)
                + n(e.href())
                + n(e.requestId())
                + n(e.cause())
                + n(e.detail());
        w.beginMap(entries);
        if (e.code() != 0) {
            w.name("code");
            w.number(e.code());
        }
        if (e.statusCode() != 0) {
            w.name("statusCode");
            w.number(e.statusCode());
        }
        if (!e.message().isEmpty()) {
            field("message", e.message());
        }
        field("href", e.href());
        field("requestId", e.requestId());
        ErrorInfo cause = e.cause();
        if (cause != null) {
            w.name("cause");
            writeErrorInfo(cause);
        }
        field("detail", e.detail()); // TI6: omitted when empty
        w.endMap();
    }

    /** A REST error body: {@code {"error":{...}}}. */
    void writeErrorBody(ErrorInfo e) throws IOException {
        w.beginMap(1);
        w.name("error");
        writeErrorInfo(e);
        w.endMap();
    }

    private void writeConnectionDetails(ConnectionDetails d) throws IOException {
        int entries = n(d.clientId())
                + n(d.connectionKey())
                + n(d.maxMessageSize())
                + n(d.maxFrameSize())
                + n(d.maxInboundRate())
                + n(d.connectionStateTtl())
                + n(d.serverId())
                + n(d.maxIdleInterval())
                + n(d.objectsGCGracePeriod())
                + n(d.siteCode());
        w.beginMap(entries);
        field("clientId", d.clientId());
        field("connectionKey", d.connectionKey());
        field("maxMessageSize", d.maxMessageSize());
        field("maxFrameSize", d.maxFrameSize());
        field("maxInboundRate", d.maxInboundRate());
        field("connectionStateTtl", d.connectionStateTtl());
        field("serverId", d.serverId());
        field("maxIdleInterval", d.maxIdleInterval());
        field("objectsGCGracePeriod", d.objectsGCGracePeriod());
        field("siteCode", d.siteCode());
        w.endMap();
    }

    private void writePublishResult(PublishResult result) throws IOException {
        List<@Nullable String> serials = result.serials();
        w.beginMap(n(serials));
        if (!serials.isEmpty()) {
            w.name("serials");
            w.beginArray(serials.size());
            for (String serial : serials) {
                if (serial == null) {
                    w.nil(); // a serial discarded by conflation is an explicit null (PBR2a)
                } else {
                    w.string(serial);
                }
            }
            w.endArray();
        }
        w.endMap();
    }

    void writeTokenDetails(TokenDetails t) throws IOException {
        w.beginMap(1 + n(t.expires()) + n(t.issued()) + n(t.capability()) + n(t.clientId()));
        field("token", t.token());
        field("expires", t.expires());
        field("issued", t.issued());
        field("capability", t.capability());
        field("clientId", t.clientId());
        w.endMap();
    }

    void writeTokenRequest(TokenRequest t) throws IOException {
        int entries = n(t.keyName())
                + n(t.ttl())
                + n(t.capability())
                + n(t.clientId())
                + n(t.timestamp())
                + n(t.nonce())
                + n(t.mac());
        w.beginMap(entries);
        field("keyName", t.keyName());
        field("ttl", t.ttl());
        field("capability", t.capability());
        field("clientId", t.clientId());
        field("timestamp", t.timestamp());
        field("nonce", t.nonce());
        field("mac", t.mac());
        w.endMap();
    }

    void writeTokenParams(TokenParams t) throws IOException {
        w.beginMap(n(t.ttl()) + n(t.capability()) + n(t.clientId()) + n(t.timestamp()) + n(t.nonce()));
        field("ttl", t.ttl());
        field("capability", t.capability());
        field("clientId", t.clientId());
        field("timestamp", t.timestamp());
        field("nonce", t.nonce());
        w.endMap();
    }
}
