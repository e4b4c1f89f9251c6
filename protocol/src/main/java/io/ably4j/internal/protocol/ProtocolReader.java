package io.ably4j.internal.protocol;

import static io.ably4j.internal.protocol.FieldNumbers.*;

import io.ably4j.internal.protocol.WireReader.Kind;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads Ably types from a {@link WireReader}, format-independently: hand-written field switches, unknown fields
 * skipped and {@code null} values treated as absent (RTF1, RSF1), wrong types rejected with
 * {@link ProtocolDecodeException}.
 */
final class ProtocolReader {
    private final WireReader r;
    private final TypesAccess access = TypesAccess.get();

    /** Functional reader of one element. */
    private interface ElementReader<T> {
        T read() throws IOException;
    }

    // Bound once, so a reader reused across frames allocates no method references per frame.
    private final ElementReader<Message> messageReader = this::readMessage;
    private final ElementReader<PresenceMessage> presenceReader = this::readPresenceMessage;
    private final ElementReader<Annotation> annotationReader = this::readAnnotation;

    /** {@link #nextField(FieldNames)} at the end of the map. */
    private static final int END = -2;

    ProtocolReader(WireReader r) {
        this.r = r;
    }

    /** Reads any one value as JSON. */
    Json readJsonValue() throws IOException {
        return r.readJson();
    }

    /** Advances to the next field with a non-null value; returns its name, or null at the end of the map. */
    private @Nullable String nextField() throws IOException {
        while (r.hasNextField()) {
            String name = r.nextFieldName();
            if (r.peek() == Kind.NULL) {
                r.readNull();
                continue;
            }
            return name;
        }
        return null;
    }

    /**
     * Advances to the next field with a non-null value; returns its number in {@code fields} ({@link
     * FieldNames#UNKNOWN} for a name not in it), or {@link #END} at the end of the map.
     */
    private int nextField(FieldNames fields) throws IOException {
        while (r.hasNextField()) {
            int id = r.nextFieldId(fields);
            if (r.peek() == Kind.NULL) {
                r.readNull();
                continue;
            }
            return id;
        }
        return END;
    }

    private ProtocolDecodeException wrongType(String field, String expected) throws IOException {
        return new ProtocolDecodeException("Field '" + field + "' must be " + expected + ", found "
                + r.peek().describe());
    }

    private String string(String field) throws IOException {
        if (r.peek() != Kind.STRING) {
            throw wrongType(field, "a string");
        }
        return r.readString();
    }

    /** A string that tends to repeat across messages (see {@link WireReader#readRepeatedString()}). */
    private String repeated(String field) throws IOException {
        if (r.peek() != Kind.STRING) {
            throw wrongType(field, "a string");
        }
        return r.readRepeatedString();
    }

    private long longValue(String field) throws IOException {
        Kind k = r.peek();
        if (k != Kind.INTEGER && k != Kind.FLOAT) {
            throw wrongType(field, "a number");
        }
        return r.readLong();
    }

    private int intValue(String field) throws IOException {
        long v = longValue(field);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new ProtocolDecodeException("Field '" + field + "' is out of range: " + v);
        }
        return (int) v;
    }

    private void expectMap(String field) throws IOException {
        if (r.peek() != Kind.MAP) {
            throw wrongType(field, "an object");
        }
    }

    private <T> List<T> list(String field, ElementReader<T> element) throws IOException {
        if (r.peek() != Kind.ARRAY) {
            throw wrongType(field, "an array");
        }
        r.beginArray();
        if (!r.hasNextElement()) {
            return Collections.emptyList();
        }
        T first = element.read();
        if (!r.hasNextElement()) {
            return Collections.singletonList(first); // the common case on receive: one message per frame
        }
        List<T> items = new ArrayList<>(r.elementsHint() + 1);
        items.add(first);
        do {
            items.add(element.read());
        } while (r.hasNextElement());
        return Collections.unmodifiableList(items);
    }

    /** A list of objects, or a single object as a one-element list (REST bodies allow both). */
    private <T> List<T> listOrSingle(String what, ElementReader<T> element) throws IOException {
        Kind k = r.peek();
        if (k == Kind.MAP) {
            return Collections.singletonList(element.read());
        }
        if (k != Kind.ARRAY) {
            throw new ProtocolDecodeException("Expected " + what + " as an array or object, found " + k.describe());
        }
        return list(what, element);
    }

    /** A string-to-string map; numbers and booleans are kept as text, other values are ignored. */
    private Map<String, String> stringMap(String field) throws IOException {
        expectMap(field);
        r.beginMap();
        Map<String, String> map = new LinkedHashMap<>();
        String name;
        while ((name = nextField()) != null) {
            switch (r.peek()) {
                case STRING -> map.put(name, r.readString());
                case INTEGER -> map.put(name, Long.toString(r.readLong()));
                case BOOLEAN -> map.put(name, Boolean.toString(r.readBoolean()));
                default -> r.skipValue();
            }
        }
        return map;
    }

    private @Nullable Object data() throws IOException {
        return switch (r.peek()) {
            case STRING -> r.readString();
            case BINARY -> r.readBinary();
            default -> r.readJson(); // objects and arrays are not normal Ably, but are tolerated
        };
    }

    private @Nullable Json extras() throws IOException {
        if (r.peek() != Kind.MAP) {
            r.skipValue(); // extras must be an object; anything else is ignored (RSF1)
            return null;
        }
        return r.readJson();
    }

    ProtocolMessage readProtocolMessage() throws IOException {
        if (r.peek() != Kind.MAP) {
            throw new ProtocolDecodeException(
                    "Expected a ProtocolMessage object, found " + r.peek().describe());
        }
        r.beginMap();
        ProtocolMessage.Builder b = ProtocolMessage.builder(0);
        boolean hasAction = false;
        List<Message> messages = Collections.emptyList();
        List<PresenceMessage> presence = Collections.emptyList();
        List<Annotation> annotations = Collections.emptyList();
        FieldNames names = PROTOCOL_MESSAGE_FIELDS;
        int f;
        while ((f = nextField(names)) != END) {
            switch (f) {
                case PM_ACTION -> {
                    b.actionCode(intValue(names.name(f)));
                    hasAction = true;
                }
                case PM_ID -> b.id(string(names.name(f)));
                case PM_CHANNEL -> b.channel(repeated(names.name(f)));
                case PM_CHANNEL_SERIAL -> b.channelSerial(string(names.name(f)));
                case PM_CONNECTION_ID -> b.connectionId(repeated(names.name(f)));
                case PM_CONNECTION_KEY -> b.connectionKey(string(names.name(f)));
                case PM_CONNECTION_DETAILS -> b.connectionDetails(readConnectionDetails(names.name(f)));
                case PM_COUNT -> b.count(intValue(names.name(f)));
                case PM_ERROR -> b.error(readErrorInfo(names.name(f)));
                case PM_FLAGS -> b.flags(longValue(names.name(f)));
                case PM_MSG_SERIAL -> b.msgSerial(longValue(names.name(f)));
                case PM_MESSAGES -> messages = list(names.name(f), messageReader);
                case PM_PRESENCE -> presence = list(names.name(f), presenceReader);
                case PM_TIMESTAMP -> b.timestamp(longValue(names.name(f)));
                case PM_PARAMS -> b.params(stringMap(names.name(f)));
                case PM_AUTH -> b.auth(readAuthDetails(names.name(f)));
                case PM_RES -> b.res(list(names.name(f), this::readPublishResult));
                case PM_ANNOTATIONS -> annotations = list(names.name(f), annotationReader);
                default -> r.skipValue();
            }
        }
        if (!hasAction) {
            throw new ProtocolDecodeException("ProtocolMessage has no action");
        }
        return access.ownedLists(b, messages, presence).annotations(annotations).build();
    }

    Message readMessage() throws IOException {
        expectMap("messages[]");
        r.beginMap();
        Message.Builder b = Message.builder();
        FieldNames names = MESSAGE_FIELDS;
        int f;
        while ((f = nextField(names)) != END) {
            switch (f) {
                case M_ID -> b.id(string(names.name(f)));
                case M_CLIENT_ID -> b.clientId(repeated(names.name(f)));
                case M_CONNECTION_ID -> b.connectionId(repeated(names.name(f)));
                case M_CONNECTION_KEY -> b.connectionKey(string(names.name(f)));
                case M_NAME -> b.name(repeated(names.name(f)));
                case M_DATA -> access.trustedData(b, data());
                case M_ENCODING -> b.encoding(repeated(names.name(f)));
                case M_EXTRAS -> b.extras(extras());
                case M_TIMESTAMP -> b.timestamp(longValue(names.name(f)));
                case M_ACTION -> b.actionCode(intValue(names.name(f)));
                case M_SERIAL -> b.serial(string(names.name(f)));
                case M_VERSION -> b.version(readVersion(names.name(f)));
                case M_ANNOTATIONS -> b.annotations(readAnnotations(names.name(f)));
                default -> r.skipValue();
            }
        }
        return b.build();
    }

    List<Message> readMessageList() throws IOException {
        return listOrSingle("messages", messageReader);
    }

    private MessageVersion readVersion(String field) throws IOException {
        expectMap(field);
        r.beginMap();
        MessageVersion.Builder b = MessageVersion.builder();
        String f;
        while ((f = nextField()) != null) {
            switch (f) {
                case "serial" -> b.serial(string(f));
                case "timestamp" -> b.timestamp(longValue(f));
                case "clientId" -> b.clientId(string(f));
                case "description" -> b.description(string(f));
                case "metadata" -> b.metadata(stringMap(f));
                default -> r.skipValue();
            }
        }
        return b.build();
    }

    private MessageAnnotations readAnnotations(String field) throws IOException {
        expectMap(field);
        r.beginMap();
        Map<String, Json> summary = Collections.emptyMap();
        String f;
        while ((f = nextField()) != null) {
            if (f.equals("summary")) {
                expectMap(f);
                r.beginMap();
                summary = new LinkedHashMap<>();
                String type;
                while ((type = nextField()) != null) {
                    summary.put(type, r.readJson());
                }
            } else {
                r.skipValue();
            }
        }
        return MessageAnnotations.of(summary);
    }

    PresenceMessage readPresenceMessage() throws IOException {
        expectMap("presence[]");
        r.beginMap();
        PresenceMessage.Builder b = PresenceMessage.builder();
        String f;
        while ((f = nextField()) != null) {
            switch (f) {
                case "id" -> b.id(string(f));
                case "action" -> b.actionCode(intValue(f));
                case "clientId" -> b.clientId(repeated(f));
                case "connectionId" -> b.connectionId(repeated(f));
                case "data" -> access.trustedData(b, data());
                case "encoding" -> b.encoding(repeated(f));
                case "extras" -> b.extras(extras());
                case "timestamp" -> b.timestamp(longValue(f));
                default -> r.skipValue();
            }
        }
        return b.build();
    }

    List<PresenceMessage> readPresenceList() throws IOException {
        return listOrSingle("presence messages", presenceReader);
    }

    Annotation readAnnotation() throws IOException {
        expectMap("annotations[]");
        r.beginMap();
        Annotation.Builder b = Annotation.builder();
        String f;
        while ((f = nextField()) != null) {
            switch (f) {
                case "id" -> b.id(string(f));
                case "action" -> b.actionCode(intValue(f));
                case "clientId" -> b.clientId(repeated(f));
                case "name" -> b.name(repeated(f));
                case "count" -> b.count(intValue(f));
                case "data" -> access.trustedData(b, data());
                case "encoding" -> b.encoding(repeated(f));
                case "timestamp" -> b.timestamp(longValue(f));
                case "serial" -> b.serial(string(f));
                case "messageSerial" -> b.messageSerial(string(f));
                case "type" -> b.type(repeated(f));
                case "extras" -> b.extras(extras());
                default -> r.skipValue();
            }
        }
        return b.build();
    }

    List<Annotation> readAnnotationList() throws IOException {
        return listOrSingle("annotations", annotationReader);
    }

    /** An update, delete or append response (UDR2, RSL15e): a superset of the fields of the result. */
    UpdateDeleteResult readUpdateDeleteResult() throws IOException {
        expectMap("UpdateDeleteResult");
        r.beginMap();
        String versionSerial = null;
        String f;
        while ((f = nextField()) != null) {
            if (f.equals("versionSerial")) {
                versionSerial = string(f);
            } else {
                r.skipValue();
            }
        }
        return UpdateDeleteResult.of(versionSerial);
    }

    ErrorInfo readErrorInfo(String field) throws IOException {
        return readErrorInfo(field, false);
    }

    /** A REST error body: {@code {"error":{...}}}, or a bare error object. */
    ErrorInfo readErrorBody() throws IOException {
        return readErrorInfo("error body", true);
    }

    private ErrorInfo readErrorInfo(String field, boolean body) throws IOException {
        expectMap(field);
        r.beginMap();
        ErrorInfo.Builder b = ErrorInfo.builder();
        ErrorInfo nested = null;
        boolean hasMessage = false;
        String f;
        while ((f = nextField()) != null) {
            switch (f) {
                case "code" -> b.code(intValue(f));
                case "statusCode" -> b.statusCode(intValue(f));
                case "message" -> {
                    b.message(string(f));
                    hasMessage = true;
                }
                case "reason" -> {
                    // the name protocol.md's prose uses; "message" wins when both are present
                    String reason = string(f);
                    if (!hasMessage) {
                        b.message(reason);
                    }
                }
                case "href" -> b.href(string(f));
                case "requestId" -> b.requestId(string(f));
                case "cause" -> b.cause(readErrorInfo(f, false));
                case "detail" -> stringMap(f).forEach(b::detail);
                case "error" -> {
                    if (body) {
                        nested = readErrorInfo(f, false);
                    } else {
                        r.skipValue();
                    }
                }
                default -> r.skipValue();
            }
        }
        return nested != null ? nested : b.build();
    }

    private ConnectionDetails readConnectionDetails(String field) throws IOException {
        expectMap(field);
        r.beginMap();
        ConnectionDetails.Builder b = ConnectionDetails.builder();
        String f;
        while ((f = nextField()) != null) {
            switch (f) {
                case "clientId" -> b.clientId(string(f));
                case "connectionKey" -> b.connectionKey(string(f));
                case "maxMessageSize" -> b.maxMessageSize(intValue(f));
                case "maxFrameSize" -> b.maxFrameSize(intValue(f));
                case "maxInboundRate" -> b.maxInboundRate(intValue(f));
                case "connectionStateTtl" -> b.connectionStateTtl(longValue(f));
                case "serverId" -> b.serverId(string(f));
                case "maxIdleInterval" -> b.maxIdleInterval(longValue(f));
                case "objectsGCGracePeriod" -> b.objectsGCGracePeriod(longValue(f));
                case "siteCode" -> b.siteCode(string(f));
                default -> r.skipValue();
            }
        }
        return b.build();
    }

    private @Nullable AuthDetails readAuthDetails(String field) throws IOException {
        expectMap(field);
        r.beginMap();
        String token = null;
        String f;
        while ((f = nextField()) != null) {
            if (f.equals("accessToken")) {
                token = string(f);
            } else {
                r.skipValue();
            }
        }
        return token == null ? null : AuthDetails.of(token);
    }

    private PublishResult readPublishResult() throws IOException {
        expectMap("res[]");
        r.beginMap();
        List<@Nullable String> serials = Collections.emptyList();
        String f;
        while ((f = nextField()) != null) {
            if (f.equals("serials")) {
                if (r.peek() != Kind.ARRAY) {
                    throw wrongType(f, "an array");
                }
                r.beginArray();
                List<@Nullable String> list = new ArrayList<>();
                while (r.hasNextElement()) {
                    if (r.peek() == Kind.NULL) {
                        r.readNull();
                        list.add(null);
                    } else {
                        list.add(string("serials[]"));
                    }
                }
                serials = list;
            } else {
                r.skipValue();
            }
        }
        return PublishResult.of(serials);
    }

    TokenDetails readTokenDetails() throws IOException {
        expectMap("TokenDetails");
        r.beginMap();
        String token = null;
        Long expires = null;
        Long issued = null;
        String capability = null;
        String clientId = null;
        String f;
        while ((f = nextField()) != null) {
            switch (f) {
                case "token" -> token = string(f);
                case "expires" -> expires = longValue(f);
                case "issued" -> issued = longValue(f);
                case "capability" -> capability = capability(f);
                case "clientId" -> clientId = string(f);
                default -> r.skipValue();
            }
        }
        if (token == null) {
            throw new ProtocolDecodeException("TokenDetails has no token");
        }
        return TokenDetails.builder(token)
                .expires(expires)
                .issued(issued)
                .capability(capability)
                .clientId(clientId)
                .build();
    }

    /** A capability: JSON text in a string, or (tolerated) an embedded JSON object. */
    private String capability(String field) throws IOException {
        return r.peek() == Kind.MAP ? r.readJson().text() : string(field);
    }

    TokenRequest readTokenRequest() throws IOException {
        expectMap("TokenRequest");
        r.beginMap();
        TokenRequest.Builder b = TokenRequest.builder();
        String f;
        while ((f = nextField()) != null) {
            switch (f) {
                case "keyName" -> b.keyName(string(f));
                case "ttl" -> b.ttl(longValue(f));
                case "capability" -> b.capability(capability(f));
                case "clientId" -> b.clientId(string(f));
                case "timestamp" -> b.timestamp(longValue(f));
                case "nonce" -> b.nonce(string(f));
                case "mac" -> b.mac(string(f));
                default -> r.skipValue();
            }
        }
        return b.build();
    }

    TokenParams readTokenParams() throws IOException {
        expectMap("TokenParams");
        r.beginMap();
        TokenParams.Builder b = TokenParams.builder();
        String f;
        while ((f = nextField()) != null) {
            switch (f) {
                case "ttl" -> b.ttl(longValue(f));
                case "capability" -> b.capability(capability(f));
                case "clientId" -> b.clientId(string(f));
                case "timestamp" -> b.timestamp(longValue(f));
                case "nonce" -> b.nonce(string(f));
                default -> r.skipValue();
            }
        }
        return b.build();
    }
}
