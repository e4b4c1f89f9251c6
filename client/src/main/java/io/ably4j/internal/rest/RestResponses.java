package io.ably4j.internal.rest;

import io.ably4j.ChannelDetails;
import io.ably4j.ChannelMetrics;
import io.ably4j.ChannelOccupancy;
import io.ably4j.ChannelStatus;
import io.ably4j.internal.http.HttpResult;
import io.ably4j.internal.protocol.WireFormat;
import io.ably4j.internal.util.Errors;
import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.PublishResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reading REST response bodies that are not message lists: publish results (RSL1n), channel details (RSL8a) and the
 * fields of batch results. The body's format is the one its {@code Content-Type} names, else the one asked for.
 * Stateless and thread-safe.
 */
final class RestResponses {
    private RestResponses() {}

    /** The format of {@code response}'s body: from its {@code Content-Type}, else {@code requested}. */
    static WireFormat formatOf(HttpResult response, WireFormat requested) {
        String type = response.header("Content-Type");
        if (type != null) {
            String t = type.toLowerCase(Locale.ROOT);
            if (t.contains("json")) {
                return WireFormat.JSON;
            }
            if (t.contains("msgpack")) {
                return WireFormat.MSGPACK;
            }
        }
        return requested;
    }

    /** The body of {@code response} as a tree; null for an empty body. */
    static @Nullable Object tree(HttpResult response, RestCore core) {
        byte[] body = response.body();
        return body.length == 0 ? null : WireTree.decode(body, formatOf(response, core.format()));
    }

    /**
     * The serials of a publish response {@code {channel, messageId, serials}} (RSL1n); without serials (an empty body),
     * one null serial per message.
     */
    static PublishResult publishResult(HttpResult response, RestCore core, int count) {
        Object tree = tree(response, core);
        Object serials = tree instanceof Map<?, ?> map ? map.get("serials") : null;
        if (serials instanceof List<?> list) {
            return PublishResult.of(strings(list));
        }
        return PublishResult.of(Collections.<@Nullable String>nCopies(count, null));
    }

    /** The {@link ChannelDetails} of a {@code GET /channels/{name}} response (RSL8a, CHD2); absent counts are 0. */
    static ChannelDetails channelDetails(HttpResult response, RestCore core, String channel) {
        Map<?, ?> details = map(tree(response, core), "channel details");
        Map<?, ?> status = optionalMap(details.get("status"));
        Map<?, ?> occupancy = optionalMap(status.get("occupancy"));
        Map<?, ?> m = optionalMap(occupancy.get("metrics"));
        ChannelMetrics metrics = new ChannelMetrics(
                count(m, "connections"),
                count(m, "presenceConnections"),
                count(m, "presenceMembers"),
                count(m, "presenceSubscribers"),
                count(m, "publishers"),
                count(m, "subscribers"),
                count(m, "objectPublishers"),
                count(m, "objectSubscribers"));
        String channelId = details.get("channelId") instanceof String id ? id : channel;
        boolean active = Boolean.TRUE.equals(status.get("isActive"));
        return new ChannelDetails(channelId, new ChannelStatus(active, new ChannelOccupancy(metrics)));
    }

    /**
     * {@code value} as a map.
     *
     * @throws AblyException 50000/500 if it is not one
     */
    static Map<?, ?> map(@Nullable Object value, String what) {
        if (value instanceof Map<?, ?> map) {
            return map;
        }
        throw WireTree.malformed("expected " + what + " to be an object");
    }

    private static Map<?, ?> optionalMap(@Nullable Object value) {
        return value instanceof Map<?, ?> map ? map : Map.of();
    }

    /** The strings of {@code list}, anything else as null. */
    static List<@Nullable String> strings(List<?> list) {
        List<@Nullable String> out = new ArrayList<>(list.size());
        for (Object o : list) {
            out.add(o instanceof String s ? s : null);
        }
        return out;
    }

    /** A count in {@code map}: a non-negative integer, 0 when absent. */
    static int count(Map<?, ?> map, String key) {
        return map.get(key) instanceof Number n ? (int) Math.max(0, Math.min(Integer.MAX_VALUE, n.longValue())) : 0;
    }

    /** An {@link ErrorInfo} tree, read by the protocol codec; 50000/500 when it is not an error object. */
    static ErrorInfo errorInfo(@Nullable Object tree, WireFormat format) {
        if (!(tree instanceof Map<?, ?>)) {
            return ErrorInfo.of(Errors.INTERNAL_ERROR, 500, "Malformed error in response");
        }
        try {
            return PooledCodec.of(format).decodeError(WireTree.encode(tree, format));
        } catch (AblyException e) {
            return ErrorInfo.of(
                    Errors.INTERNAL_ERROR,
                    500,
                    "Malformed error in response: " + e.errorInfo().message());
        }
    }
}
