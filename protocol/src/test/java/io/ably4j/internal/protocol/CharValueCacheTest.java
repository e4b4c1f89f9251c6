package io.ably4j.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CharValueCacheTest {
    private static String get(CharValueCache cache, String value) {
        char[] chars = ("xx" + value + "yy").toCharArray();
        return cache.get(chars, 2, value.length());
    }

    @Test
    void aRepeatedValueIsReturnedWithoutACopy() {
        CharValueCache cache = new CharValueCache(6);
        String first = get(cache, "chat:room-1");
        assertThat(first).isEqualTo("chat:room-1");
        assertThat(get(cache, "chat:room-1")).isSameAs(first);
        assertThat(get(cache, "")).isEmpty();
        assertThat(get(cache, "ünïcödé ✓")).isSameAs(get(cache, "ünïcödé ✓"));
    }

    @Test
    void valuesThatVaryAreDecodedCorrectlyAndTheCacheStaysBounded() {
        CharValueCache cache = new CharValueCache(1); // one set of two slots
        for (int i = 0; i < 1000; i++) {
            String value = "v" + i;
            assertThat(get(cache, value)).isEqualTo(value);
        }
        // "Aa" and "BB" have the same Java hash: the characters decide
        assertThat(get(cache, "Aa")).isEqualTo("Aa");
        assertThat(get(cache, "BB")).isEqualTo("BB");
        assertThat(get(cache, "Aa")).isEqualTo("Aa");
        assertThat(get(cache, "A")).isEqualTo("A");
        assertThatThrownBy(() -> new CharValueCache(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void longValuesAreNotCached() {
        CharValueCache cache = new CharValueCache(6);
        String longValue = "l".repeat(CharValueCache.MAX_LENGTH + 1);
        assertThat(get(cache, longValue)).isEqualTo(longValue).isNotSameAs(get(cache, longValue));
        String maxCached = "m".repeat(CharValueCache.MAX_LENGTH);
        assertThat(get(cache, maxCached)).isSameAs(get(cache, maxCached));
    }
}
