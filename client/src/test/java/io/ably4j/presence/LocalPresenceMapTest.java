package io.ably4j.presence;

import static io.ably4j.presence.PresenceMessages.pm;
import static io.ably4j.types.PresenceAction.ENTER;
import static io.ably4j.types.PresenceAction.LEAVE;
import static io.ably4j.types.PresenceAction.PRESENT;
import static io.ably4j.types.PresenceAction.UPDATE;
import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.internal.presence.LocalPresenceMap;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

/** UTS {@code realtime/unit/presence/local_presence_map.md} (RTP17, RTP17b, RTP17h). */
@NullUnmarked
class LocalPresenceMapTest {
    private final LocalPresenceMap map = new LocalPresenceMap();

    @Test
    void RTP17h_keyed_by_clientid_0() {
        map.put(pm(ENTER, "user-1", "conn-A", "conn-A:0:0", 1000, "first"));
        map.put(pm(ENTER, "user-1", "conn-B", "conn-B:0:0", 2000, "second"));
        assertThat(map.values()).hasSize(1);
        assertThat(map.get("user-1")).isNotNull();
        assertThat(map.get("user-1").data()).isEqualTo("second");
        assertThat(map.get("user-1").connectionId()).isEqualTo("conn-B");
    }

    @Test
    void RTP17b_enter_adds_to_map_0() {
        map.put(pm(ENTER, "client-1", "conn-1", "conn-1:0:0", 1000, "hello"));
        assertThat(map.get("client-1")).isNotNull();
        assertThat(map.get("client-1").action()).isEqualTo(PRESENT);
        assertThat(map.get("client-1").data()).isEqualTo("hello");
        assertThat(map.values()).hasSize(1);
    }

    @Test
    void RTP17b_update_adds_to_map_1() {
        map.put(pm(UPDATE, "client-1", "conn-1", "conn-1:0:0", 1000, "from-update"));
        assertThat(map.get("client-1")).isNotNull();
        assertThat(map.get("client-1").action()).isEqualTo(PRESENT);
        assertThat(map.get("client-1").data()).isEqualTo("from-update");
        assertThat(map.values()).hasSize(1);
    }

    @Test
    void RTP17b_enter_overwrites_enter_2() {
        map.put(pm(ENTER, "client-1", "conn-1", "conn-1:0:0", 1000, "first"));
        map.put(pm(ENTER, "client-1", "conn-1", "conn-1:1:0", 2000, "second"));
        assertThat(map.values()).hasSize(1);
        assertThat(map.get("client-1").action()).isEqualTo(PRESENT);
        assertThat(map.get("client-1").data()).isEqualTo("second");
    }

    @Test
    void RTP17b_update_overwrites_enter_3() {
        map.put(pm(ENTER, "client-1", "conn-1", "conn-1:0:0", 1000, "initial"));
        map.put(pm(UPDATE, "client-1", "conn-1", "conn-1:1:0", 2000, "updated"));
        assertThat(map.values()).hasSize(1);
        assertThat(map.get("client-1").action()).isEqualTo(PRESENT);
        assertThat(map.get("client-1").data()).isEqualTo("updated");
    }

    @Test
    void RTP17b_stale_update_of_same_connection_ignored() {
        map.put(pm(ENTER, "client-1", "conn-1", "conn-1:4:0", 1000, "newer"));
        map.put(pm(UPDATE, "client-1", "conn-1", "conn-1:2:0", 2000, "older"));
        assertThat(map.get("client-1").data()).isEqualTo("newer");
    }

    @Test
    void RTP17b_present_adds_to_map_4() {
        map.put(pm(PRESENT, "client-1", "conn-1", "conn-1:0:0", 1000, "present"));
        assertThat(map.get("client-1")).isNotNull();
        assertThat(map.get("client-1").action()).isEqualTo(PRESENT);
        assertThat(map.get("client-1").data()).isEqualTo("present");
    }

    @Test
    void RTP17b_non_synthesized_leave_removes_5() {
        map.put(pm(ENTER, "client-1", "conn-1", "conn-1:0:0", 1000));
        assertThat(map.get("client-1")).isNotNull();
        boolean result = map.remove(pm(LEAVE, "client-1", "conn-1", "conn-1:1:0", 2000));
        assertThat(result).isTrue();
        assertThat(map.get("client-1")).isNull();
        assertThat(map.values()).isEmpty();
    }

    @Test
    void RTP17b_synthesized_leave_ignored_6() {
        map.put(pm(ENTER, "client-1", "conn-1", "conn-1:0:0", 1000, "entered"));
        boolean result = map.remove(pm(LEAVE, "client-1", "conn-1", "synthesized-leave-id", 2000));
        assertThat(result).isFalse();
        assertThat(map.get("client-1")).isNotNull();
        assertThat(map.get("client-1").data()).isEqualTo("entered");
        assertThat(map.values()).hasSize(1);
    }

    @Test
    void RTP17_multiple_clientids_coexist_0() {
        map.put(pm(ENTER, "alice", "conn-1", "conn-1:0:0", 100, "alice-data"));
        map.put(pm(ENTER, "bob", "conn-1", "conn-1:0:1", 100, "bob-data"));
        map.put(pm(ENTER, "carol", "conn-1", "conn-1:0:2", 100, "carol-data"));
        assertThat(map.values()).hasSize(3);
        assertThat(map.get("alice").data()).isEqualTo("alice-data");
        assertThat(map.get("bob").data()).isEqualTo("bob-data");
        assertThat(map.get("carol").data()).isEqualTo("carol-data");
    }

    @Test
    void RTP17_remove_one_of_multiple_1() {
        map.put(pm(ENTER, "alice", "conn-1", "conn-1:0:0", 100));
        map.put(pm(ENTER, "bob", "conn-1", "conn-1:0:1", 100));
        map.remove(pm(LEAVE, "alice", "conn-1", "conn-1:1:0", 200));
        assertThat(map.get("alice")).isNull();
        assertThat(map.get("bob")).isNotNull();
        assertThat(map.values()).hasSize(1);
    }

    @Test
    void RTP17_clear_resets_state_2() {
        map.put(pm(ENTER, "alice", "conn-1", "conn-1:0:0", 100));
        map.put(pm(ENTER, "bob", "conn-1", "conn-1:0:1", 100));
        assertThat(map.values()).hasSize(2);
        map.clear();
        assertThat(map.values()).isEmpty();
        assertThat(map.get("alice")).isNull();
        assertThat(map.get("bob")).isNull();
    }

    @Test
    void RTP17_get_null_unknown_clientid_3() {
        assertThat(map.get("nonexistent")).isNull();
    }

    @Test
    void RTP17_remove_unknown_noop_4() {
        map.put(pm(ENTER, "alice", "conn-1", "conn-1:0:0", 100));
        map.remove(pm(LEAVE, "nonexistent", "conn-1", "conn-1:1:0", 200));
        assertThat(map.get("alice")).isNotNull();
        assertThat(map.values()).hasSize(1);
    }
}
