package io.ably4j.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The field tables the reader switches on: every number names its field, and names match from their bytes only. */
class FieldNumbersTest {
    /** {@code PM_CHANNEL_SERIAL} → {@code channelSerial}. */
    private static String camel(String constant) {
        String lower = constant.substring(constant.indexOf('_') + 1).toLowerCase(Locale.ROOT);
        StringBuilder b = new StringBuilder();
        boolean upper = false;
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if (c == '_') {
                upper = true;
            } else {
                b.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return b.toString();
    }

    private static int idOfBytes(FieldNames names, String name, int offset) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        byte[] framed = new byte[offset + utf8.length + 3];
        System.arraycopy(utf8, 0, framed, offset, utf8.length);
        return names.id(framed, offset, utf8.length);
    }

    @Test
    void everyConstantIsThePositionOfItsName() throws IllegalAccessException {
        Set<Integer> pm = new HashSet<>();
        Set<Integer> m = new HashSet<>();
        for (Field f : FieldNumbers.class.getDeclaredFields()) {
            if (f.getType() != int.class || !Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            int id = f.getInt(null);
            String name = camel(f.getName());
            FieldNames table =
                    f.getName().startsWith("PM_") ? FieldNumbers.PROTOCOL_MESSAGE_FIELDS : FieldNumbers.MESSAGE_FIELDS;
            assertThat(table.name(id)).as(f.getName()).isEqualTo(name);
            assertThat(table.id(name)).as(f.getName()).isEqualTo(id);
            assertThat(idOfBytes(table, name, 5)).as(f.getName()).isEqualTo(id);
            assertThat((f.getName().startsWith("PM_") ? pm : m).add(id))
                    .as(f.getName())
                    .isTrue();
        }
        assertThat(pm).hasSize(FieldNumbers.PROTOCOL_MESSAGE_FIELDS.size());
        assertThat(m).hasSize(FieldNumbers.MESSAGE_FIELDS.size());
    }

    @Test
    void namesMatchOnlyThemselves() {
        FieldNames names = new FieldNames("id", "data", "name", "serial", "clientId", "connectionDetails", "x");
        for (String s : new String[] {"id", "data", "name", "serial", "clientId", "connectionDetails", "x"}) {
            assertThat(idOfBytes(names, s, 0)).isEqualTo(names.id(s)).isNotNegative();
            assertThat(idOfBytes(names, s, 11)).isEqualTo(names.id(s));
        }
        // other names: mostly of a known name's length with one byte different (first, last, middle); above 16 bytes
        // the two words leave the middle uncovered ("connectiXnDetails" differs in byte 8 only), so the bytes are
        // compared in full
        for (String s : new String[] {
            "iD",
            "dat",
            "date",
            "Data",
            "nbme",
            "serials",
            "serial_",
            "clientIe",
            "clientld",
            "connectionDetailz",
            "connectiXnDetails",
            "donnectionDetails",
            "connectionDetaIls",
            "y",
            "",
            "id\u00e9",
            "a-name-that-no-table-has-at-all"
        }) {
            assertThat(idOfBytes(names, s, 3)).as(s).isEqualTo(FieldNames.UNKNOWN);
            assertThat(names.id(s)).as(s).isEqualTo(FieldNames.UNKNOWN);
        }
        assertThatThrownBy(() -> new FieldNames("a", "b", "a")).isInstanceOf(IllegalArgumentException.class);
    }
}
