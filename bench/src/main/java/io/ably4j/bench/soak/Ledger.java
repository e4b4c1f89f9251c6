package io.ably4j.bench.soak;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What was published and what each subscriber received, with the continuity segments the checks rely on.
 *
 * <p>Each publisher numbers its messages per channel from 0. A subscriber's stay on a channel is cut into
 * <em>segments</em>: one starts at every ATTACHED the channel reports without {@code resumed} (the first attach, a
 * re-attach after SUSPENDED or a server DETACHED, a connection that could not be resumed), so a segment is a stretch
 * of unbroken continuity. {@link #analyse()} applies the rules of {@code docs/reliability.md}.
 *
 * <p>Thread-safe: every method is synchronized (publishers and subscribers call it from their clients' callback
 * executors).
 */
final class Ledger {
    private enum Outcome {
        PENDING,
        ACKED,
        FAILED
    }

    /** One publisher's messages on one channel. */
    private static final class PubLog {
        final List<Outcome> outcomes = new ArrayList<>();
        /** Messages awaiting their ACK when the publisher's connection was replaced: RTN19a2 may duplicate them. */
        final BitSet resent = new BitSet();
    }

    /** One subscriber on one channel. */
    private static final class SubLog {
        int segment;
        /** Per publisher, receipts in arrival order: {@code segment << 32 | seq}. */
        final Map<Integer, List<Long>> receipts = new HashMap<>();
    }

    private final int clients;
    private final int channels;
    private final PubLog[][] pubs;
    private final SubLog[][] subs;
    private final Map<Integer, Integer> failureCodes = new TreeMap<>();

    Ledger(int clients, int channels) {
        this.clients = clients;
        this.channels = channels;
        this.pubs = new PubLog[clients][channels];
        this.subs = new SubLog[clients][channels];
        for (int c = 0; c < clients; c++) {
            for (int ch = 0; ch < channels; ch++) {
                pubs[c][ch] = new PubLog();
                subs[c][ch] = new SubLog();
            }
        }
    }

    /** Registers a new publish by {@code pub} on {@code ch} and returns its sequence number. */
    synchronized int publishing(int pub, int ch) {
        List<Outcome> o = pubs[pub][ch].outcomes;
        o.add(Outcome.PENDING);
        return o.size() - 1;
    }

    synchronized void acked(int pub, int ch, int seq) {
        pubs[pub][ch].outcomes.set(seq, Outcome.ACKED);
    }

    synchronized void failed(int pub, int ch, int seq, int code) {
        pubs[pub][ch].outcomes.set(seq, Outcome.FAILED);
        failureCodes.merge(code, 1, Integer::sum);
    }

    /** The publisher's connection got a new id: its messages still awaiting an ACK may be delivered twice. */
    synchronized void publisherReconnected(int pub) {
        for (PubLog log : pubs[pub]) {
            for (int seq = 0; seq < log.outcomes.size(); seq++) {
                if (log.outcomes.get(seq) == Outcome.PENDING) {
                    log.resent.set(seq);
                }
            }
        }
    }

    /** The subscriber's channel reported ATTACHED without {@code resumed}: a new continuity segment starts. */
    synchronized void segmentStarted(int sub, int ch) {
        subs[sub][ch].segment++;
    }

    synchronized void received(int sub, int ch, int pub, int seq) {
        SubLog log = subs[sub][ch];
        log.receipts.computeIfAbsent(pub, k -> new ArrayList<>()).add(((long) log.segment << 32) | seq);
    }

    /** Whether {@code sub} has received {@code seq} of {@code pub} on {@code ch}. */
    synchronized boolean hasReceived(int sub, int ch, int pub, int seq) {
        List<Long> r = subs[sub][ch].receipts.get(pub);
        if (r == null) {
            return false;
        }
        for (int i = r.size() - 1; i >= 0; i--) {
            if ((int) (long) r.get(i) == seq) {
                return true;
            }
        }
        return false;
    }

    /** The number of messages {@code pub} has published on {@code ch}. */
    synchronized int published(int pub, int ch) {
        return pubs[pub][ch].outcomes.size();
    }

    /** Applies the delivery rules to everything recorded. */
    synchronized SoakResult.Delivery analyse() {
        SoakResult.Delivery d = new SoakResult.Delivery();
        d.publishFailureCodes.putAll(failureCodes);
        for (int p = 0; p < clients; p++) {
            for (int ch = 0; ch < channels; ch++) {
                for (Outcome o : pubs[p][ch].outcomes) {
                    d.published++;
                    switch (o) {
                        case ACKED -> d.acked++;
                        case FAILED -> d.failed++;
                        case PENDING -> d.pending++;
                    }
                }
            }
        }
        for (int s = 0; s < clients; s++) {
            for (int ch = 0; ch < channels; ch++) {
                SubLog log = subs[s][ch];
                d.discontinuities += Math.max(0, log.segment - 1);
                for (Map.Entry<Integer, List<Long>> e : log.receipts.entrySet()) {
                    analyse(d, pubs[e.getKey()][ch], e.getValue());
                }
            }
        }
        return d;
    }

    private static void analyse(SoakResult.Delivery d, PubLog pub, List<Long> receipts) {
        Map<Integer, Integer> firstSegment = new HashMap<>(); // seq -> segment of its first receipt
        Map<Integer, int[]> range = new HashMap<>(); // segment -> {min, max} seq received in it
        BitSet seenInSegment = new BitSet();
        int segment = -1;
        int max = -1;
        for (long r : receipts) {
            int seg = (int) (r >>> 32);
            int seq = (int) r;
            d.delivered++;
            if (seg != segment) {
                segment = seg;
                seenInSegment.clear();
                max = -1;
            }
            boolean resent = pub.resent.get(seq);
            if (seenInSegment.get(seq)) {
                if (resent) {
                    d.duplicatesAfterPublisherResend++;
                } else {
                    d.duplicatesInContinuity++;
                }
            } else if (firstSegment.containsKey(seq)) {
                if (resent) {
                    d.duplicatesAfterPublisherResend++;
                } else {
                    d.duplicatesAcrossDiscontinuity++;
                }
            } else if (seq < max) {
                d.outOfOrder++;
            }
            seenInSegment.set(seq);
            firstSegment.putIfAbsent(seq, seg);
            max = Math.max(max, seq);
            int[] mm = range.computeIfAbsent(seg, k -> new int[] {seq, seq});
            mm[0] = Math.min(mm[0], seq);
            mm[1] = Math.max(mm[1], seq);
            if (pub.outcomes.get(seq) == Outcome.FAILED) {
                d.failedButDelivered++;
            }
        }
        if (firstSegment.isEmpty()) {
            return;
        }
        int first = firstSegment.keySet().stream().min(Integer::compare).orElseThrow();
        for (int seq = first; seq < pub.outcomes.size(); seq++) {
            if (firstSegment.containsKey(seq) || pub.outcomes.get(seq) != Outcome.ACKED) {
                continue;
            }
            boolean interior = false;
            for (int[] mm : range.values()) {
                interior |= mm[0] < seq && seq < mm[1];
            }
            if (interior) {
                d.lostInContinuity++;
            } else {
                d.lostAtDiscontinuity++;
            }
        }
    }
}
