package io.ably4j.presence;

import static io.ably4j.presence.PresenceMessages.pm;
import static io.ably4j.types.PresenceAction.ABSENT;
import static io.ably4j.types.PresenceAction.ENTER;
import static io.ably4j.types.PresenceAction.LEAVE;
import static io.ably4j.types.PresenceAction.PRESENT;
import static io.ably4j.types.PresenceAction.UPDATE;
import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.internal.presence.PresenceMap;
import io.ably4j.types.PresenceMessage;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

/** UTS {@code realtime/unit/presence/presence_map.md} (RTP2, RTP2a-RTP2d, RTP2h). */
@NullUnmarked
class PresenceMapTest {
    private final PresenceMap map = new PresenceMap(() -> 5_000L);

    @Test
    void RTP2_basic_put_and_get_0() {
        PresenceMessage result = map.put(pm(ENTER, "client-1", "conn-1", "conn-1:0:0", 1000));
        assertThat(result).isNotNull();
        PresenceMessage stored = map.get("conn-1:client-1");
        assertThat(stored).isNotNull();
        assertThat(stored.clientId()).isEqualTo("client-1");
        assertThat(stored.connectionId()).isEqualTo("conn-1");
    }

    @Test
    void RTP2d2_enter_stored_as_present_0() {
        map.put(pm(ENTER, "client-1", "conn-1", "conn-1:0:0", 1000, "entered"));
        PresenceMessage stored = map.get("conn-1:client-1");
        assertThat(stored).isNotNull();
        assertThat(stored.action()).isEqualTo(PRESENT);
        assertThat(stored.data()).isEqualTo("entered");
    }

    @Test
    void RTP2d2_update_stored_as_present_1() {
        map.put(pm(ENTER, "client-1", "conn-1", "conn-1:0:0", 1000, "initial"));
        map.put(pm(UPDATE, "client-1", "conn-1", "conn-1:1:0", 2000, "updated"));
        PresenceMessage stored = map.get("conn-1:client-1");
        assertThat(stored.action()).isEqualTo(PRESENT);
        assertThat(stored.data()).isEqualTo("updated");
    }

    @Test
    void RTP2d2_present_stored_as_present_2() {
        map.put(pm(PRESENT, "client-1", "conn-1", "conn-1:0:0", 1000));
        assertThat(map.get("conn-1:client-1")).isNotNull();
        assertThat(map.get("conn-1:client-1").action()).isEqualTo(PRESENT);
    }

    @Test
    void RTP2d1_put_returns_original_action_0() {
        PresenceMessage enter = map.put(pm(ENTER, "client-1", "conn-1", "conn-1:0:0", 1000));
        PresenceMessage update = map.put(pm(UPDATE, "client-1", "conn-1", "conn-1:1:0", 2000, "updated"));
        assertThat(enter).isNotNull();
        assertThat(enter.action()).isEqualTo(ENTER);
        assertThat(update).isNotNull();
        assertThat(update.action()).isEqualTo(UPDATE);
    }

    @Test
    void RTP2h1_leave_outside_sync_removes_0() {
        map.put(pm(ENTER, "client-1", "conn-1", "conn-1:0:0", 1000));
        PresenceMessage emitted = map.remove(pm(LEAVE, "client-1", "conn-1", "conn-1:1:0", 2000));
        assertThat(emitted).isNotNull();
        assertThat(emitted.action()).isEqualTo(LEAVE);
        assertThat(map.get("conn-1:client-1")).isNull();
        assertThat(map.values()).isEmpty();
    }

    @Test
    void RTP2h1_leave_nonexistent_returns_null_1() {
        assertThat(map.remove(pm(LEAVE, "unknown", "conn-x", "conn-x:0:0", 1000)))
                .isNull();
    }

    @Test
    void RTP2h2a_leave_during_sync_stores_absent_0() {
        map.put(pm(ENTER, "client-1", "conn-1", "conn-1:0:0", 1000));
        map.startSync();
        PresenceMessage emitted = map.remove(pm(LEAVE, "client-1", "conn-1", "conn-1:1:0", 2000));
        assertThat(emitted).isNull();
        assertThat(map.get("conn-1:client-1")).isNotNull();
        assertThat(map.get("conn-1:client-1").action()).isEqualTo(ABSENT);
    }

    @Test
    void RTP2h2b_absent_deleted_on_endsync_0() {
        map.put(pm(ENTER, "alice", "c1", "c1:0:0", 100));
        map.put(pm(ENTER, "bob", "c2", "c2:0:0", 100));
        map.startSync();
        map.put(pm(PRESENT, "alice", "c1", "c1:1:0", 200));
        map.remove(pm(LEAVE, "bob", "c2", "c2:1:0", 200));
        map.endSync();
        assertThat(map.get("c2:bob")).isNull();
        assertThat(map.get("c1:alice")).isNotNull();
        assertThat(map.get("c1:alice").action()).isEqualTo(PRESENT);
        assertThat(map.values()).hasSize(1);
    }

    @Test
    void RTP2b2_newness_by_msgserial_index_0() {
        map.put(pm(ENTER, "client-1", "conn-1", "conn-1:5:0", 1000, "first"));
        PresenceMessage stale = map.put(pm(UPDATE, "client-1", "conn-1", "conn-1:3:0", 2000, "stale"));
        assertThat(stale).isNull();
        assertThat(map.get("conn-1:client-1").data()).isEqualTo("first");
        PresenceMessage newer = map.put(pm(UPDATE, "client-1", "conn-1", "conn-1:7:0", 500, "newer"));
        assertThat(newer).isNotNull();
        assertThat(map.get("conn-1:client-1").data()).isEqualTo("newer");
    }

    @Test
    void RTP2b2_newness_by_index_same_serial_1() {
        map.put(pm(ENTER, "client-1", "conn-1", "conn-1:5:2", 1000, "index-2"));
        PresenceMessage stale = map.put(pm(UPDATE, "client-1", "conn-1", "conn-1:5:1", 2000, "index-1"));
        PresenceMessage newer = map.put(pm(UPDATE, "client-1", "conn-1", "conn-1:5:5", 500, "index-5"));
        assertThat(stale).isNull();
        assertThat(newer).isNotNull();
        assertThat(map.get("conn-1:client-1").data()).isEqualTo("index-5");
    }

    @Test
    void RTP2b2_serials_compare_numerically_not_as_text() {
        map.put(pm(ENTER, "client-1", "conn-1", "conn-1:9:0", 1000, "nine"));
        assertThat(map.put(pm(UPDATE, "client-1", "conn-1", "conn-1:10:0", 1000, "ten")))
                .isNotNull();
        assertThat(map.get("conn-1:client-1").data()).isEqualTo("ten");
    }

    @Test
    void RTP2b1_newness_by_timestamp_0() {
        map.put(pm(ENTER, "client-1", "conn-1", "conn-1:0:0", 1000, "entered"));
        PresenceMessage leave = map.remove(pm(LEAVE, "client-1", "conn-1", "synthesized-leave-id", 2000));
        assertThat(leave).isNotNull();
        assertThat(leave.action()).isEqualTo(LEAVE);
        assertThat(map.get("conn-1:client-1")).isNull();
    }

    @Test
    void RTP2b1_older_synth_leave_rejected_1() {
        map.put(pm(ENTER, "client-1", "conn-1", "conn-1:0:0", 5000, "entered"));
        PresenceMessage result = map.remove(pm(LEAVE, "client-1", "conn-1", "synthesized-leave-id", 3000));
        assertThat(result).isNull();
        assertThat(map.get("conn-1:client-1")).isNotNull();
        assertThat(map.get("conn-1:client-1").data()).isEqualTo("entered");
    }

    @Test
    void RTP2b1a_equal_timestamps_incoming_wins_0() {
        map.put(pm(ENTER, "client-1", "conn-1", "synthesized-id-1", 1000, "first"));
        PresenceMessage result = map.put(pm(UPDATE, "client-1", "conn-1", "synthesized-id-2", 1000, "second"));
        assertThat(result).isNotNull();
        assertThat(map.get("conn-1:client-1").data()).isEqualTo("second");
    }

    @Test
    void RTP2c_sync_uses_same_newness_0() {
        map.startSync();
        map.put(pm(PRESENT, "client-1", "conn-1", "conn-1:5:0", 1000, "sync-first"));
        PresenceMessage stale = map.put(pm(PRESENT, "client-1", "conn-1", "conn-1:3:0", 2000, "sync-stale"));
        PresenceMessage newer = map.put(pm(PRESENT, "client-1", "conn-1", "conn-1:8:0", 500, "sync-newer"));
        assertThat(stale).isNull();
        assertThat(newer).isNotNull();
        assertThat(map.get("conn-1:client-1").data()).isEqualTo("sync-newer");
    }

    @Test
    void RTP2_multiple_members_coexist_1() {
        map.put(pm(ENTER, "alice", "c1", "c1:0:0", 100));
        map.put(pm(ENTER, "bob", "c2", "c2:0:0", 100));
        map.put(pm(ENTER, "alice", "c3", "c3:0:0", 100));
        assertThat(map.values()).hasSize(3);
        assertThat(map.get("c1:alice")).isNotNull();
        assertThat(map.get("c2:bob")).isNotNull();
        assertThat(map.get("c3:alice")).isNotNull();
    }

    @Test
    void RTP2_values_excludes_absent_2() {
        map.put(pm(ENTER, "alice", "c1", "c1:0:0", 100));
        map.put(pm(ENTER, "bob", "c2", "c2:0:0", 100));
        map.startSync();
        map.remove(pm(LEAVE, "bob", "c2", "c2:1:0", 200));
        assertThat(map.get("c2:bob")).isNotNull();
        assertThat(map.get("c2:bob").action()).isEqualTo(ABSENT);
        assertThat(map.values()).extracting(PresenceMessage::clientId).containsExactly("alice");
    }

    @Test
    void RTP2_clear_resets_state_3() {
        map.put(pm(ENTER, "alice", "c1", "c1:0:0", 100));
        map.startSync();
        map.clear();
        assertThat(map.values()).isEmpty();
        assertThat(map.get("c1:alice")).isNull();
        assertThat(map.isSyncInProgress()).isFalse();
    }
}
