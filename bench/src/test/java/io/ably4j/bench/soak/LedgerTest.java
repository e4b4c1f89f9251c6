package io.ably4j.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The soak's delivery rules: what counts as a failure and what is allowed at a discontinuity. */
class LedgerTest {
    private static final int PUB = 0;
    private static final int SUB = 1;

    private static Ledger ledgerWithAcked(int messages) {
        Ledger l = new Ledger(2, 1);
        for (int i = 0; i < messages; i++) {
            l.acked(PUB, 0, l.publishing(PUB, 0));
        }
        l.segmentStarted(SUB, 0);
        return l;
    }

    @Test
    void everyMessageOnceInOrderPasses() {
        Ledger l = ledgerWithAcked(3);
        for (int i = 0; i < 3; i++) {
            l.received(SUB, 0, PUB, i);
        }
        SoakResult.Delivery d = l.analyse();
        assertThat(d.published).isEqualTo(3);
        assertThat(d.acked).isEqualTo(3);
        assertThat(d.delivered).isEqualTo(3);
        assertThat(d.lostInContinuity + d.duplicatesInContinuity + d.outOfOrder + d.lostAtDiscontinuity)
                .isZero();
    }

    @Test
    void gapWithinASegmentIsALossFailure() {
        Ledger l = ledgerWithAcked(3);
        l.received(SUB, 0, PUB, 0);
        l.received(SUB, 0, PUB, 2);
        assertThat(l.analyse().lostInContinuity).isEqualTo(1);
    }

    @Test
    void gapAcrossANonResumedAttachIsAllowedAndCounted() {
        Ledger l = ledgerWithAcked(4);
        l.received(SUB, 0, PUB, 0);
        l.segmentStarted(SUB, 0);
        l.received(SUB, 0, PUB, 3);
        SoakResult.Delivery d = l.analyse();
        assertThat(d.lostInContinuity).isZero();
        assertThat(d.lostAtDiscontinuity).isEqualTo(2);
        assertThat(d.discontinuities).isEqualTo(1);
    }

    @Test
    void duplicateWithinASegmentIsAFailureUnlessThePublisherResent() {
        Ledger l = ledgerWithAcked(2);
        l.received(SUB, 0, PUB, 0);
        l.received(SUB, 0, PUB, 0);
        assertThat(l.analyse().duplicatesInContinuity).isEqualTo(1);

        Ledger resent = new Ledger(2, 1);
        int seq = resent.publishing(PUB, 0);
        resent.publisherReconnected(PUB); // pending when the publisher's connection was replaced (RTN19a2)
        resent.acked(PUB, 0, seq);
        resent.segmentStarted(SUB, 0);
        resent.received(SUB, 0, PUB, seq);
        resent.received(SUB, 0, PUB, seq);
        SoakResult.Delivery d = resent.analyse();
        assertThat(d.duplicatesInContinuity).isZero();
        assertThat(d.duplicatesAfterPublisherResend).isEqualTo(1);
    }

    @Test
    void duplicateAcrossADiscontinuityIsAFailure() {
        Ledger l = ledgerWithAcked(2);
        l.received(SUB, 0, PUB, 0);
        l.segmentStarted(SUB, 0);
        l.received(SUB, 0, PUB, 0);
        assertThat(l.analyse().duplicatesAcrossDiscontinuity).isEqualTo(1);
    }

    @Test
    void olderMessageAfterANewerOneIsOutOfOrder() {
        Ledger l = ledgerWithAcked(3);
        l.received(SUB, 0, PUB, 0);
        l.received(SUB, 0, PUB, 2);
        l.received(SUB, 0, PUB, 1);
        SoakResult.Delivery d = l.analyse();
        assertThat(d.outOfOrder).isEqualTo(1);
        assertThat(d.lostInContinuity).isZero();
    }

    @Test
    void pendingAndFailedPublishesAreCounted() {
        Ledger l = new Ledger(2, 1);
        l.publishing(PUB, 0);
        l.failed(PUB, 0, l.publishing(PUB, 0), 80000);
        l.acked(PUB, 0, l.publishing(PUB, 0));
        l.segmentStarted(SUB, 0);
        l.received(SUB, 0, PUB, 1);
        l.received(SUB, 0, PUB, 2);
        SoakResult.Delivery d = l.analyse();
        assertThat(d.pending).isEqualTo(1);
        assertThat(d.failed).isEqualTo(1);
        assertThat(d.failedButDelivered).isEqualTo(1);
        assertThat(d.publishFailureCodes).containsEntry(80000, 1);
        assertThat(new SoakResult().allFailures()).isEmpty();
    }
}
