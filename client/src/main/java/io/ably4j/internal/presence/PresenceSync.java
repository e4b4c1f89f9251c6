package io.ably4j.internal.presence;

import io.ably4j.PresenceGetParams;
import io.ably4j.internal.protocol.DataEncoding;
import io.ably4j.internal.protocol.DecodeResult;
import io.ably4j.internal.protocol.ReceivedDefaults;
import io.ably4j.internal.util.ClientFuture;
import io.ably4j.internal.util.Errors;
import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.PresenceAction;
import io.ably4j.types.PresenceMessage;
import io.ably4j.types.ProtocolMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The members of one channel as this client knows them: the {@link PresenceMap} (RTP2) and the {@link
 * LocalPresenceMap} of this connection's members (RTP17), kept up to date from PRESENCE and SYNC messages (RTP18,
 * RTP19) and from the channel's attachments (RTP1, RTP19a, RTP5); and the {@code get} calls waiting for the sync
 * (RTP11c1).
 *
 * <p>Threading: confined to the client's serial executor, except {@link #isSyncComplete()}, a volatile read. Events go
 * to the {@link PresenceSubscriptions}, which run listeners on the callback executor; waiting futures complete there.
 */
final class PresenceSync {
    private final PresenceHost host;
    private final PresenceSubscriptions subscriptions;
    private final PresenceMap members;
    private final LocalPresenceMap mine = new LocalPresenceMap();
    private final List<Waiter> waiters = new ArrayList<>();

    /** The sequence id of the sync in progress (RTP18a). */
    private @Nullable String syncSequence;

    private volatile boolean syncComplete;

    PresenceSync(PresenceHost host, PresenceSubscriptions subscriptions, LongSupplier clock) {
        this.host = host;
        this.subscriptions = subscriptions;
        this.members = new PresenceMap(clock);
    }

    private record Waiter(PresenceGetParams params, CompletableFuture<List<PresenceMessage>> result) {}

    boolean isSyncComplete() {
        return syncComplete;
    }

    /** This connection's members, for re-entry (RTP17g). */
    List<PresenceMessage> localMembers() {
        return mine.values();
    }

    // ---------------------------------------------------------------- channel state (RTP1, RTP5, RTP19a)

    /**
     * The channel received an ATTACHED that it acted on (RTP1). With HAS_PRESENCE a sync follows: the set is out of
     * sync until it completes, but the sync itself starts with its first SYNC message (RTP18a), so events received
     * before then apply as usual (a LEAVE is emitted, RTP2h1). Without, the set is in sync and empty (RTP19a).
     */
    void onAttached(boolean hasPresence) {
        assert host.manager().onExecutor() : "onAttached off the serial executor";
        if (hasPresence) {
            syncComplete = false;
        } else {
            subscriptions.deliver(members.leaveAll()); // RTP19a
            syncSequence = null;
            completeSync();
        }
    }

    /** RTP5a: DETACHED or FAILED; both maps cleared without events; waiting gets fail with {@code reason}. */
    void onDetachedOrFailed(ErrorInfo reason) {
        assert host.manager().onExecutor() : "onDetachedOrFailed off the serial executor";
        members.clear();
        mine.clear();
        syncSequence = null;
        syncComplete = false;
        failWaiters(reason);
    }

    /** RTP5f: SUSPENDED keeps the members; waiting gets fail (RTP11d). */
    void onSuspended() {
        assert host.manager().onExecutor() : "onSuspended off the serial executor";
        failWaiters(outOfSync());
    }

    // ---------------------------------------------------------------- inbound (RTP2, RTP18)

    /** A PRESENCE message for the ATTACHED channel (RTP2). */
    void onPresence(ProtocolMessage pm) {
        assert host.manager().onExecutor() : "onPresence off the serial executor";
        subscriptions.deliver(apply(decode(pm)));
    }

    /** A SYNC message for the ATTACHED channel (RTP18): one page of a sync, or a whole sync without channelSerial. */
    void onSync(ProtocolMessage pm) {
        assert host.manager().onExecutor() : "onSync off the serial executor";
        String serial = pm.channelSerial();
        String sequence = null;
        String cursor = "";
        if (serial != null) {
            int colon = serial.indexOf(':');
            sequence = colon < 0 ? serial : serial.substring(0, colon);
            cursor = colon < 0 ? "" : serial.substring(colon + 1);
        }
        boolean continuing = members.isSyncInProgress() && sequence != null && sequence.equals(syncSequence);
        if (!continuing) { // RTP18a: a new sequence discards the sync in flight; RTP18c: a one-message sync
            members.startSync();
            syncComplete = false;
        }
        syncSequence = sequence;
        List<PresenceMessage> events = apply(decode(pm));
        if (cursor.isEmpty()) { // RTP18b, RTP18c
            events.addAll(members.endSync()); // RTP19
            syncSequence = null;
            completeSync();
        }
        subscriptions.deliver(events);
    }

    private List<PresenceMessage> decode(ProtocolMessage pm) {
        List<PresenceMessage> received = ReceivedDefaults.presence(pm); // TP3a, TP3d, TP3g
        List<PresenceMessage> decoded = new ArrayList<>(received.size());
        for (PresenceMessage m : received) {
            DecodeResult<PresenceMessage> r =
                    DataEncoding.decode(m, host.options().cipher());
            ErrorInfo err = r.error();
            if (err != null) { // RSL6b: delivered decoded as far as possible
                host.manager()
                        .log()
                        .error(
                                "Channel " + host.name() + ": presence message " + m.id()
                                        + " could not be fully decoded: " + err.message() + " (code " + err.code()
                                        + ")",
                                null);
            }
            decoded.add(r.value());
        }
        return decoded;
    }

    /** Applies messages to both maps in order; returns the events to emit. */
    private List<PresenceMessage> apply(List<PresenceMessage> messages) {
        List<PresenceMessage> events = new ArrayList<>(messages.size());
        String connectionId = host.manager().id();
        for (PresenceMessage m : messages) {
            PresenceAction action = m.action();
            if (action == null || m.clientId() == null || m.connectionId() == null) {
                host.manager()
                        .log()
                        .warn("Channel " + host.name() + ": presence message without action, clientId or"
                                + " connectionId ignored: " + m);
                continue;
            }
            boolean local = connectionId != null && connectionId.equals(m.connectionId()); // RTP17b
            switch (action) {
                case ENTER, UPDATE, PRESENT -> {
                    PresenceMessage emit = members.put(m); // RTP2d
                    if (emit != null) {
                        events.add(emit);
                    }
                    if (local) {
                        mine.put(m);
                    }
                }
                case LEAVE -> {
                    PresenceMessage emit = members.remove(m); // RTP2h
                    if (emit != null) {
                        events.add(emit);
                    }
                    if (local) {
                        mine.remove(m); // ignores synthesized leaves (RTP17b)
                    }
                }
                default ->
                    host.manager()
                            .log()
                            .debug(() -> "Channel " + host.name() + ": presence action " + m.actionCode() + " ignored");
            }
        }
        return events;
    }

    // ---------------------------------------------------------------- get (RTP11)

    /** Answers {@code result} now, or once the sync completes when {@code params.waitForSync()} and it has not. */
    void answerWhenSynced(PresenceGetParams params, CompletableFuture<List<PresenceMessage>> result) {
        if (params.waitForSync() && !syncComplete) {
            waiters.add(new Waiter(params, result));
        } else {
            answer(params, result);
        }
    }

    /** Answers {@code result} with the members known now (RTP11c1 without waiting, RTP11d). */
    void answer(PresenceGetParams params, CompletableFuture<List<PresenceMessage>> result) {
        assert host.manager().onExecutor() : "answer off the serial executor";
        List<PresenceMessage> found = new ArrayList<>();
        for (PresenceMessage m : members.values()) {
            if ((params.clientId() == null || Objects.equals(params.clientId(), m.clientId()))
                    && (params.connectionId() == null || Objects.equals(params.connectionId(), m.connectionId()))) {
                found.add(m);
            }
        }
        List<PresenceMessage> answer = List.copyOf(found);
        ClientFuture.settle(host.manager().callbacks(), result, answer);
    }

    /** RTP11d: the error of a get that waits for a sync on a SUSPENDED channel (91005/400). */
    ErrorInfo outOfSync() {
        return ErrorInfo.of(
                Errors.PRESENCE_STATE_OUT_OF_SYNC,
                400,
                "Presence state of channel " + host.name() + " is out of sync: the channel is SUSPENDED");
    }

    private void completeSync() {
        syncComplete = true;
        List<Waiter> ready = new ArrayList<>(waiters);
        waiters.clear();
        for (Waiter w : ready) {
            answer(w.params(), w.result());
        }
    }

    private void failWaiters(ErrorInfo reason) {
        if (waiters.isEmpty()) {
            return;
        }
        List<Waiter> failed = new ArrayList<>(waiters);
        waiters.clear();
        AblyException e = new AblyException(reason);
        failed.forEach(w -> ClientFuture.fail(host.manager().callbacks(), w.result(), e));
    }
}
