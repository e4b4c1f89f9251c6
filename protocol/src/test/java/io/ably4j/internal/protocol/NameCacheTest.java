package io.ably4j.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link NameCache}: every field name the codecs know stays cached together, and the cache stays bounded. */
class NameCacheTest {
    /** Every map key that {@link ProtocolReader} and {@link ProtocolWriter} name. */
    static final List<String> FIELD_NAMES = List.of(
            "accessToken",
            "action",
            "annotations",
            "auth",
            "capability",
            "cause",
            "channel",
            "channelSerial",
            "clientId",
            "code",
            "connectionDetails",
            "connectionId",
            "connectionKey",
            "connectionStateTtl",
            "count",
            "data",
            "description",
            "detail",
            "encoding",
            "error",
            "expires",
            "extras",
            "flags",
            "href",
            "id",
            "issued",
            "keyName",
            "mac",
            "maxFrameSize",
            "maxIdleInterval",
            "maxInboundRate",
            "maxMessageSize",
            "message",
            "messages",
            "metadata",
            "msgSerial",
            "name",
            "nonce",
            "objectsGCGracePeriod",
            "params",
            "presence",
            "reason",
            "requestId",
            "res",
            "serial",
            "serials",
            "serverId",
            "siteCode",
            "statusCode",
            "summary",
            "timestamp",
            "token",
            "ttl",
            "version");

    private static String get(NameCache cache, String name) {
        byte[] bytes = ("xx" + name + "yy").getBytes(StandardCharsets.UTF_8);
        return cache.get(bytes, 2, bytes.length - 4);
    }

    @Test
    void allKnownFieldNamesStayCachedTogether() {
        NameCache cache = new NameCache();
        List<String> firstInstances = new ArrayList<>();
        for (String name : FIELD_NAMES) {
            String s = get(cache, name);
            assertThat(s).isEqualTo(name);
            firstInstances.add(s);
        }
        // If this fails after adding a field name, three known names now share a set: change the hash or size.
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < FIELD_NAMES.size(); i++) {
                assertThat(get(cache, FIELD_NAMES.get(i)))
                        .as(FIELD_NAMES.get(i))
                        .isSameAs(firstInstances.get(i));
            }
        }
    }

    @Test
    void unknownNamesAreDecodedAndEvictionKeepsTheCacheBounded() {
        NameCache cache = new NameCache();
        for (int i = 0; i < 10 * NameCache.SLOTS; i++) {
            assertThat(get(cache, "k" + i)).isEqualTo("k" + i);
        }
        // a name evicted by others is decoded again, correctly
        assertThat(get(cache, "k0")).isEqualTo("k0");
        assertThat(get(cache, "ünïcödé")).isEqualTo("ünïcödé");
        assertThat(get(cache, "")).isEmpty();
    }

    @Test
    void longNamesAreNotCached() {
        NameCache cache = new NameCache();
        String longName = "n".repeat(33);
        String a = get(cache, longName);
        String b = get(cache, longName);
        assertThat(a).isEqualTo(longName).isEqualTo(b).isNotSameAs(b);
        String maxCached = "m".repeat(32);
        assertThat(get(cache, maxCached)).isSameAs(get(cache, maxCached));
    }

    @Test
    void namesWithTheSameHashButDifferentBytesAreDistinguished() {
        NameCache cache = new NameCache();
        // "Aa" and "BB" have the same Java hash; the cache compares bytes
        assertThat(get(cache, "Aa")).isEqualTo("Aa");
        assertThat(get(cache, "BB")).isEqualTo("BB");
        assertThat(get(cache, "Aa")).isEqualTo("Aa");
        assertThat(get(cache, "BB")).isEqualTo("BB");
    }

    @Test
    void aSmallCacheDecodesEveryValueCorrectlyAndKeepsWhatRepeats() {
        NameCache cache = new NameCache(1); // one set of two slots
        String channel = get(cache, "chat:room-1");
        for (int i = 0; i < 100; i++) {
            String value = "value-" + i + "-".repeat(i % 30);
            assertThat(get(cache, value)).isEqualTo(value);
            assertThat(get(cache, value)).isEqualTo(value);
        }
        assertThat(get(cache, "chat:room-1")).isEqualTo(channel);
        String connectionId = get(cache, "Wm5AHEJ5tr");
        assertThat(get(cache, "Wm5AHEJ5tr")).isSameAs(connectionId);
        assertThat(get(cache, "the-publishers-client-id")).isSameAs(get(cache, "the-publishers-client-id"));
        assertThatThrownBy(() -> new NameCache(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
