package io.ably4j.emulator.internal;

import com.davidehrmann.vcdiff.VCDiffEncoderBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * VCDIFF delta compression for connections attached with the channel param {@code delta=vcdiff}, as Ably does it: each
 * message after the first one a connection receives on the channel since its last ATTACH is sent as a VCDIFF delta
 * against the payload of the previous message it received there, whatever its size (vcdiff-core's encoder makes
 * deltas larger than small payloads, which Ably sends as deltas; the UTS expects them). Such a
 * message gets {@code extras.delta = {from: <previous message id>, format: "vcdiff"}} and {@code /vcdiff} added to its
 * {@code encoding} ({@code utf-8/vcdiff} for a string payload, whose base and target are its UTF-8 bytes; JSON
 * connections get {@code /base64} after it). The base is the payload as stored (a JSON payload's text, a cipher's
 * ciphertext), which is what the client keeps (RTL19). Engine thread only.
 */
final class Deltas {
    static final String PARAM = "delta";
    static final String VCDIFF = "vcdiff";

    /** The last payload a connection received on a channel: the base of its next delta. */
    static final class Base {
        final String messageId;
        final byte[] payload; // never modified

        Base(String messageId, byte[] payload) {
            this.messageId = messageId;
            this.payload = payload;
        }
    }

    private final FaultState faults;

    Deltas(FaultState faults) {
        this.faults = faults;
    }

    /** Forgets a connection's base on a channel: the next message it receives there is sent in full. */
    static void reset(Session s, String channel) {
        s.deltaBases.remove(channel);
    }

    /** The MESSAGE frame as {@code s} gets it on {@code channel}: with deltas if it asked for them, else unchanged. */
    Frame forSession(Session s, String channel, Frame frame) {
        if (frame.action() != Frame.MESSAGE) {
            return frame;
        }
        Session.Attachment a = s.attachments.get(channel);
        if (a == null || !VCDIFF.equals(a.params().get(PARAM))) {
            return frame;
        }
        List<Map<String, Object>> items = frame.maps("messages");
        List<Object> out = new ArrayList<>(items.size());
        boolean changed = false;
        for (Map<String, Object> item : items) {
            Object data = item.get("data");
            byte @Nullable [] target = data instanceof String text
                    ? text.getBytes(StandardCharsets.UTF_8)
                    : data instanceof byte[] bytes ? bytes : null;
            Base base = s.deltaBases.get(channel);
            Map<String, Object> sent = item;
            if (target != null && base != null) {
                sent = asDelta(item, data instanceof String, encode(base.payload, target), base.messageId);
                changed = true;
            }
            Object id = item.get("id");
            if (target != null && id instanceof String messageId) {
                s.deltaBases.put(channel, new Base(messageId, target));
            } else {
                s.deltaBases.remove(channel);
            }
            out.add(sent);
        }
        if (!changed) {
            return frame;
        }
        return Frame.wrap(new LinkedHashMap<>(frame.fields())).put("messages", out);
    }

    private Map<String, Object> asDelta(Map<String, Object> item, boolean text, byte[] delta, String from) {
        Map<String, Object> copy = new LinkedHashMap<>(item);
        copy.put("data", delta);
        String encoding = item.get("encoding") instanceof String e && !e.isEmpty() ? e : null;
        if (text) {
            encoding = encoding == null ? "utf-8" : encoding + "/utf-8";
        }
        copy.put("encoding", encoding == null ? VCDIFF : encoding + "/" + VCDIFF);
        Map<String, Object> extras = new LinkedHashMap<>();
        if (item.get("extras") instanceof Map<?, ?> m) {
            extras.putAll(Wire.castMap(m));
        }
        Map<String, Object> ref = new LinkedHashMap<>();
        ref.put("from", faults.takeDeltaMismatch() ? from + "-mismatch" : from);
        ref.put("format", VCDIFF);
        extras.put(PARAM, ref);
        copy.put("extras", extras);
        return copy;
    }

    /** The VCDIFF (RFC 3284, standard format, no checksum) that turns {@code base} into {@code target}. */
    static byte[] encode(byte[] base, byte[] target) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(16, target.length / 8));
        try {
            VCDiffEncoderBuilder.builder()
                    .withDictionary(base)
                    .withInterleaving(false)
                    .withChecksum(false)
                    .buildSimple()
                    .encode(target, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
