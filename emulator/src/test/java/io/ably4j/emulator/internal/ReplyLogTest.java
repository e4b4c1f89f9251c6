package io.ably4j.emulator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The last N replies by msgSerial, the oldest evicted first, and the highest evicted msgSerial. */
class ReplyLogTest {
    private static Session.Reply reply(long msgSerial) {
        return new Session.Reply(List.of("s" + msgSerial), null);
    }

    @Test
    void keepsTheLastRepliesAndRemembersTheHighestEvicted() {
        ReplyLog log = new ReplyLog(4);
        assertThat(log.get(0)).isNull();
        assertThat(log.forgottenUpTo()).isEqualTo(-1);
        for (long i = 0; i < 4; i++) {
            log.put(i, reply(i));
        }
        assertThat(log.size()).isEqualTo(4);
        assertThat(log.forgottenUpTo()).isEqualTo(-1);
        assertThat(log.get(0)).isEqualTo(reply(0));
        log.put(4, reply(4));
        log.put(5, reply(5));
        assertThat(log.size()).isEqualTo(4);
        assertThat(log.get(0)).isNull();
        assertThat(log.get(1)).isNull();
        assertThat(log.forgottenUpTo()).isEqualTo(1);
        for (long i = 2; i <= 5; i++) {
            assertThat(log.get(i)).isEqualTo(reply(i));
        }
    }

    @Test
    void aGapFilledLateIsEvictedInInsertionOrderAndTheHighestEvictedStays() {
        ReplyLog log = new ReplyLog(3);
        log.put(0, reply(0));
        log.put(5, reply(5));
        log.put(2, reply(2)); // a gap filled late
        log.put(6, reply(6)); // evicts 0
        assertThat(log.forgottenUpTo()).isEqualTo(0);
        log.put(7, reply(7)); // evicts 5
        assertThat(log.forgottenUpTo()).isEqualTo(5);
        log.put(8, reply(8)); // evicts 2: the highest evicted stays 5
        assertThat(log.forgottenUpTo()).isEqualTo(5);
        assertThat(log.get(2)).isNull();
        assertThat(log.get(6)).isEqualTo(reply(6));
    }
}
