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
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

/** UTS {@code realtime/unit/presence/presence_sync.md} (RTP18, RTP19, RTP19a, RTP2h2). */
@NullUnmarked
class PresenceMapSyncTest {
    /** The wall clock the map reads for synthesized leaves (UTS {@code NOW()}). */
    private final AtomicLong now = new AtomicLong(1_700_000_000_000L);

    private final PresenceMap map = new PresenceMap(now::get);

    @Test
    void RTP18a_startsync_sets_flag_0() {
        assertThat(map.isSyncInProgress()).isFalse();
        map.startSync();
        assertThat(map.isSyncInProgress()).isTrue();
    }

    @Test
    void RTP18b_endsync_clears_flag_0() {
        map.startSync();
        assertThat(map.isSyncInProgress()).isTrue();
        map.endSync();
        assertThat(map.isSyncInProgress()).isFalse();
    }

    @Test
    void RTP19_stale_members_leave_after_sync_0() {
        map.put(pm(ENTER, "alice", "c1", "c1:0:0", 100));
        map.put(pm(ENTER, "bob", "c2", "c2:0:0", 100));
        assertThat(map.values()).hasSize(2);
        map.startSync();
        map.put(pm(PRESENT, "alice", "c1", "c1:1:0", 200));
        List<PresenceMessage> leaves = map.endSync();
        assertThat(leaves).hasSize(1);
        assertThat(leaves.get(0).clientId()).isEqualTo("bob");
        assertThat(leaves.get(0).action()).isEqualTo(LEAVE);
        assertThat(map.values()).hasSize(1);
        assertThat(map.get("c1:alice")).isNotNull();
        assertThat(map.get("c2:bob")).isNull();
    }

    @Test
    void RTP19_synth_leave_null_id_timestamp_1() {
        map.put(pm(ENTER, "bob", "c2", "c2:0:0", 100, "bob-data"));
        long before = now.get();
        map.startSync();
        now.addAndGet(250);
        List<PresenceMessage> leaves = map.endSync();
        long after = now.get();
        assertThat(leaves).hasSize(1);
        PresenceMessage leave = leaves.get(0);
        assertThat(leave.action()).isEqualTo(LEAVE);
        assertThat(leave.clientId()).isEqualTo("bob");
        assertThat(leave.connectionId()).isEqualTo("c2");
        assertThat(leave.data()).isEqualTo("bob-data");
        assertThat(leave.id()).isNull();
        assertThat(leave.timestamp()).isBetween(before, after).isEqualTo(after);
    }

    @Test
    void RTP19_updated_members_survive_sync_2() {
        map.put(pm(ENTER, "alice", "c1", "c1:0:0", 100));
        map.put(pm(ENTER, "bob", "c2", "c2:0:0", 100));
        map.put(pm(ENTER, "carol", "c3", "c3:0:0", 100));
        map.startSync();
        map.put(pm(PRESENT, "alice", "c1", "c1:1:0", 200));
        map.put(pm(UPDATE, "bob", "c2", "c2:1:0", 200, "new-data"));
        List<PresenceMessage> leaves = map.endSync();
        assertThat(leaves).extracting(PresenceMessage::clientId).containsExactly("carol");
        assertThat(map.values()).hasSize(2);
        assertThat(map.get("c1:alice")).isNotNull();
        assertThat(map.get("c2:bob").data()).isEqualTo("new-data");
    }

    @Test
    void RTP18a_new_sync_discards_previous_1() {
        map.put(pm(ENTER, "alice", "c1", "c1:0:0", 100));
        map.put(pm(ENTER, "bob", "c2", "c2:0:0", 100));
        map.startSync();
        map.put(pm(PRESENT, "alice", "c1", "c1:1:0", 200));
        map.startSync();
        map.put(pm(PRESENT, "alice", "c1", "c1:2:0", 300));
        map.put(pm(PRESENT, "bob", "c2", "c2:1:0", 300));
        List<PresenceMessage> leaves = map.endSync();
        assertThat(leaves).isEmpty();
        assertThat(map.values()).hasSize(2);
        assertThat(map.get("c1:alice")).isNotNull();
        assertThat(map.get("c2:bob")).isNotNull();
    }

    @Test
    void RTP18c_single_message_sync_0() {
        map.put(pm(ENTER, "alice", "c1", "c1:0:0", 100));
        map.put(pm(ENTER, "bob", "c2", "c2:0:0", 100));
        map.startSync();
        map.put(pm(PRESENT, "alice", "c1", "c1:1:0", 200));
        List<PresenceMessage> leaves = map.endSync();
        assertThat(leaves).hasSize(1);
        assertThat(leaves.get(0).clientId()).isEqualTo("bob");
        assertThat(leaves.get(0).action()).isEqualTo(LEAVE);
        assertThat(map.values()).hasSize(1);
        assertThat(map.get("c1:alice")).isNotNull();
        assertThat(map.isSyncInProgress()).isFalse();
    }

    @Test
    void RTP19a_no_has_presence_clears_members_0() {
        map.put(pm(ENTER, "alice", "c1", "c1:0:0", 100, "a"));
        map.put(pm(ENTER, "bob", "c2", "c2:0:0", 100, "b"));
        map.put(pm(ENTER, "carol", "c3", "c3:0:0", 100, "c"));
        map.startSync();
        List<PresenceMessage> leaves = map.endSync();
        assertThat(leaves).hasSize(3);
        assertThat(leaves).allSatisfy(l -> {
            assertThat(l.action()).isEqualTo(LEAVE);
            assertThat(l.id()).isNull();
        });
        assertThat(leaves)
                .extracting(PresenceMessage::clientId, PresenceMessage::data)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("alice", "a"),
                        org.assertj.core.groups.Tuple.tuple("bob", "b"),
                        org.assertj.core.groups.Tuple.tuple("carol", "c"));
        assertThat(map.values()).isEmpty();
    }

    @Test
    void RTP19a_leaveAll_emits_leave_for_every_member_and_empties_map() {
        map.put(pm(ENTER, "alice", "c1", "c1:0:0", 100, "a"));
        map.put(pm(ENTER, "bob", "c2", "c2:0:0", 100, "b"));
        List<PresenceMessage> leaves = map.leaveAll();
        assertThat(leaves).extracting(PresenceMessage::clientId).containsExactly("alice", "bob");
        assertThat(leaves).allSatisfy(l -> {
            assertThat(l.action()).isEqualTo(LEAVE);
            assertThat(l.id()).isNull();
            assertThat(l.timestamp()).isEqualTo(now.get());
        });
        assertThat(map.values()).isEmpty();
    }

    @Test
    void RTP2h2a_leave_during_sync_absent_cleanup_0() {
        map.put(pm(ENTER, "alice", "c1", "c1:0:0", 100));
        map.put(pm(ENTER, "bob", "c2", "c2:0:0", 100));
        map.startSync();
        map.put(pm(PRESENT, "alice", "c1", "c1:1:0", 200));
        PresenceMessage leave = map.remove(pm(LEAVE, "bob", "c2", "c2:1:0", 200));
        assertThat(leave).isNull();
        assertThat(map.get("c2:bob")).isNotNull();
        assertThat(map.get("c2:bob").action()).isEqualTo(ABSENT);
        List<PresenceMessage> leaves = map.endSync();
        assertThat(leaves).isEmpty();
        assertThat(map.get("c2:bob")).isNull();
        assertThat(map.values()).hasSize(1);
        assertThat(map.get("c1:alice")).isNotNull();
    }

    @Test
    void RTP19_empty_map_sync_no_leaves_3() {
        map.startSync();
        map.put(pm(PRESENT, "alice", "c1", "c1:0:0", 100));
        assertThat(map.endSync()).isEmpty();
        assertThat(map.values()).hasSize(1);
        assertThat(map.get("c1:alice")).isNotNull();
    }

    @Test
    void RTP18_endsync_without_startsync_noop_0() {
        map.put(pm(ENTER, "alice", "c1", "c1:0:0", 100));
        assertThat(map.endSync()).isEmpty();
        assertThat(map.values()).hasSize(1);
        assertThat(map.get("c1:alice")).isNotNull();
        assertThat(map.isSyncInProgress()).isFalse();
    }

    @Test
    void RTP19_stale_sync_removes_from_residuals_4() {
        map.put(pm(ENTER, "alice", "c1", "c1:5:0", 500, "original"));
        map.startSync();
        PresenceMessage result = map.put(pm(PRESENT, "alice", "c1", "c1:3:0", 300, "stale"));
        List<PresenceMessage> leaves = map.endSync();
        assertThat(result).isNull();
        assertThat(leaves).isEmpty();
        assertThat(map.values()).hasSize(1);
        assertThat(map.get("c1:alice").data()).isEqualTo("original");
    }

    @Test
    void RTP19_presence_echoes_then_sync_preserves_5() {
        for (int i = 0; i < 3; i++) {
            map.put(pm(ENTER, "user-" + i, "c1", "c1:" + i + ":0", 100, "data-" + i));
        }
        assertThat(map.values()).hasSize(3);
        map.startSync();
        for (int i = 0; i < 3; i++) {
            map.put(pm(PRESENT, "user-" + i, "c1", "c1:" + i + ":0", 100, "data-" + i));
        }
        assertThat(map.endSync()).isEmpty();
        assertThat(map.values()).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(map.get("c1:user-" + i)).isNotNull();
            assertThat(map.get("c1:user-" + i).data()).isEqualTo("data-" + i);
        }
    }

    @Test
    void RTP19_new_member_during_sync_survives_6() {
        map.put(pm(ENTER, "alice", "c1", "c1:0:0", 100));
        map.startSync();
        map.put(pm(PRESENT, "alice", "c1", "c1:1:0", 200));
        map.put(pm(ENTER, "bob", "c2", "c2:0:0", 200));
        assertThat(map.endSync()).isEmpty();
        assertThat(map.values()).hasSize(2);
        assertThat(map.get("c1:alice")).isNotNull();
        assertThat(map.get("c2:bob")).isNotNull();
    }
}
