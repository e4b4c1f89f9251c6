package io.ably4j.emulator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The size checks count UTF-8 bytes without encoding: the same count as encoding, for every kind of character. */
class WireSizeTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "ascii",
                "caf\u00e9",
                "\u20ac uro",
                "\ud83d\ude00 emoji",
                "lone \ud83d high",
                "lone \ude00 low"
            })
    void sizeOfAStringIsItsUtf8Length(String s) {
        assertThat(Wire.size(s)).isEqualTo(s.getBytes(StandardCharsets.UTF_8).length);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 7, 42, 999, 1000, 123_456_789L, Long.MAX_VALUE})
    void zeroPadIsTheDecimalLeftPadded(long n) {
        String digits = Long.toString(n);
        assertThat(ChannelState.zeroPad(n, 3))
                .isEqualTo(digits.length() >= 3 ? digits : "0".repeat(3 - digits.length()) + digits);
        assertThat(ChannelState.zeroPad(n, 20)).isEqualTo("0".repeat(20 - digits.length()) + digits);
    }
}
