package io.ably4j.bench.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What one soak run measured, and the failures it found. Filled by {@link SoakRun}; printed by {@link SoakTable}. */
public final class SoakResult {
    /** Publish and delivery counts from {@link Ledger#analyse()}. */
    public static final class Delivery {
        public long published;
        public long acked;
        /** Publishes that completed with an error (allowed; each may or may not have been delivered). */
        public long failed;
        /** Publish futures not completed at the end: a failure. */
        public long pending;

        public long delivered;
        /** Channel ATTACHED without {@code resumed} after the first attach, summed over subscribers. */
        public long discontinuities;
        /** The same message twice within one continuity segment, not explained by a publisher resend: a failure. */
        public long duplicatesInContinuity;
        /** A message received again in a later segment, not explained by a publisher resend: a failure. */
        public long duplicatesAcrossDiscontinuity;
        /** Duplicates of messages the publisher may have resent on a new connection (RTN19a2): allowed. */
        public long duplicatesAfterPublisherResend;
        /** A message received after a later one of the same publisher within a segment: a failure. */
        public long outOfOrder;
        /** An ACKed message missing between two received ones of the same segment: a failure. */
        public long lostInContinuity;
        /** An ACKed message missing across a discontinuity (between segments): allowed, counted. */
        public long lostAtDiscontinuity;
        /** Failed publishes that were nevertheless delivered (allowed). */
        public long failedButDelivered;
        /** Error codes of the failed publishes. */
        public final Map<Integer, Integer> publishFailureCodes = new TreeMap<>();
    }

    public String engine = "";
    public SoakConfig config = SoakConfig.defaults();
    public Delivery delivery = new Delivery();
    /** Faults injected, by kind. */
    public final Map<String, Integer> faults = new TreeMap<>();
    /** Faults that could not be applied (e.g. the target connection was gone). */
    public int faultsSkipped;

    public long presenceOperations;
    public long presenceOperationFailures;
    public long connectionIdChanges;
    public long tokenRequests;
    public double recoverySeconds;
    public long threadsBefore;
    public long threadsAfter;
    public long ably4jThreadsBefore;
    public long ably4jThreadsAfter;
    public long heapBeforeBytes;
    public long heapAfterBytes;
    public int pendingTimersAfter;
    public int clientsRetainedAfterClose;
    /** Failures other than the delivery counts: clients that did not recover, presence that did not converge, ... */
    public final List<String> failures = new ArrayList<>();

    /** Every failure, delivery counts included; empty when the run passed. */
    public List<String> allFailures() {
        List<String> all = new ArrayList<>(failures);
        add(all, delivery.pending, "publish futures still pending");
        add(all, delivery.duplicatesInContinuity, "duplicates within a continuous stretch");
        add(all, delivery.duplicatesAcrossDiscontinuity, "duplicates across a discontinuity");
        add(all, delivery.outOfOrder, "out-of-order messages");
        add(all, delivery.lostInContinuity, "ACKed messages lost within a continuous stretch");
        add(all, clientsRetainedAfterClose, "clients still reachable after close");
        add(all, pendingTimersAfter, "timers still scheduled after close");
        return all;
    }

    private static void add(List<String> out, long n, String what) {
        if (n != 0) {
            out.add(n + " " + what);
        }
    }
}
