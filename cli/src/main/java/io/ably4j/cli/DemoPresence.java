package io.ably4j.cli;

import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.Subscription;
import io.ably4j.emulator.DropMode;
import io.ably4j.emulator.Emulator;
import io.ably4j.emulator.RefuseMode;
import io.ably4j.types.PresenceAction;
import io.ably4j.types.PresenceMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The presence part of the demo: every client enters the channel's presence set and sees the others enter (RTP8,
 * RTP6); then, on the embedded emulator, one client loses its connection for good (the emulator drops the transport
 * and refuses reconnections) and the others see it LEAVE once the emulator's presence leave grace has passed, as Ably
 * does 15 s after a connection drops. Thread-safe: the clients' presence listeners report concurrently.
 */
final class DemoPresence {
    /** The embedded emulator's presence leave grace in the demo (Ably's is 15 s). */
    static final Duration LEAVE_GRACE = Duration.ofSeconds(2);

    /** Prints one line of the demo's timeline for a client. */
    interface Printer {
        void print(int client, Function<Style, String> text);
    }

    private final int clientCount;
    private final int dropped;
    private final Printer printer;
    private final Function<Integer, String> names;
    private final AtomicInteger enters = new AtomicInteger();
    private final CompletableFuture<@Nullable Void> allEntered = new CompletableFuture<>();
    private final Set<Integer> sawLeave = ConcurrentHashMap.newKeySet();
    private final CompletableFuture<@Nullable Void> leaveSeen = new CompletableFuture<>();
    private final List<Subscription> subscriptions = new ArrayList<>();
    private volatile long droppedAt;
    private volatile long leaveAfterNanos;
    private volatile boolean dropTried;

    /**
     * @param clientCount the number of clients, 2 or more
     * @param printer prints a timeline line
     * @param names a client's coloured name
     */
    DemoPresence(int clientCount, Printer printer, Function<Integer, String> names) {
        this.clientCount = clientCount;
        this.dropped = 1; // bob: carol, the token client, keeps her connection to show the renewal in place
        this.printer = printer;
        this.names = names;
    }

    /** The client that loses its connection. */
    int dropped() {
        return dropped;
    }

    /** Prints the presence events that client {@code index} sees of the others (not PRESENT: nobody is there yet). */
    synchronized void watch(int index, RealtimeChannel channel) {
        subscriptions.add(channel.presence().subscribe(p -> onPresence(index, p)));
    }

    /** Enters every client with a status, and waits until each has seen the others enter. */
    void enterAll(List<RealtimeChannel> channels, CliContext ctx) throws Exception {
        List<CompletableFuture<Void>> entered = new ArrayList<>();
        for (int i = 0; i < channels.size(); i++) {
            int index = i;
            printer.print(index, st -> "enters presence");
            entered.add(channels.get(i).presence().enter("online"));
        }
        Clients.await(
                CompletableFuture.allOf(entered.toArray(new CompletableFuture<?>[0])),
                ctx,
                Clients.REQUEST_TIMEOUT,
                50003,
                "entering presence");
        Clients.await(allEntered, ctx, Clients.REQUEST_TIMEOUT, 50003, "for the clients to see each other enter");
    }

    /**
     * Drops the connection of {@link #dropped()} on {@code emulator} without a chance to resume: reconnections are
     * refused (RESET) until the others have seen its LEAVE, or {@link #LEAVE_GRACE} plus a request timeout passed; then
     * the client is closed (it never reconnected) and the emulator accepts connections again.
     */
    void dropOne(Emulator emulator, RealtimeClient client, CliContext ctx)
            throws Clients.StoppedException, InterruptedException {
        String connectionId = client.connection().id();
        if (connectionId == null) {
            return;
        }
        dropTried = true;
        printer.print(
                dropped,
                st -> st.yellow("loses its connection")
                        + st.dim(" (the emulator drops it and refuses reconnections;"
                                + " the others should see a LEAVE after the " + seconds(LEAVE_GRACE.toNanos())
                                + " leave grace)"));
        emulator.faults().refuseConnections(RefuseMode.RESET);
        try {
            droppedAt = System.nanoTime();
            emulator.faults().drop(connectionId, DropMode.RST);
            awaitLeave(LEAVE_GRACE.plus(Clients.REQUEST_TIMEOUT), ctx);
        } finally {
            Clients.closeAndWait(client);
            emulator.faults().acceptConnections();
        }
    }

    private void awaitLeave(Duration timeout, CliContext ctx) throws Clients.StoppedException, InterruptedException {
        try {
            CompletableFuture.anyOf(leaveSeen, ctx.interrupted()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return; // the summary tells
        }
        if (!leaveSeen.isDone()) {
            throw new Clients.StoppedException();
        }
    }

    /** Stops printing presence events (before the clients close, which would make them all leave). */
    synchronized void unsubscribe() {
        subscriptions.forEach(Subscription::close);
        subscriptions.clear();
    }

    /** Whether the presence part went as expected: everyone entered and, if a client was dropped, the LEAVE was seen. */
    boolean ok() {
        return allEntered.isDone() && (!dropTried || leaveSeen.isDone());
    }

    /** The summary line: who entered, and whether and when the others saw the dropped client leave. */
    String summary(Style st) {
        int others = clientCount - 1;
        int expectedEnters = clientCount * others;
        String s = "presence   " + Math.min(enters.get(), expectedEnters) + " of " + expectedEnters + " ENTERs seen";
        if (!dropTried) {
            return s + st.dim("; a dropped connection's LEAVE is shown on the embedded emulator only");
        }
        return s + "; " + sawLeave.size() + " of " + others + " saw " + names.apply(dropped) + " LEAVE"
                + (leaveSeen.isDone() ? " after " + st.green(seconds(leaveAfterNanos)) : "")
                + st.dim(" (leave grace " + seconds(LEAVE_GRACE.toNanos()) + "; Ably's is 15 s)");
    }

    private void onPresence(int receiver, PresenceMessage p) {
        String clientId = p.clientId();
        int from = clientId == null ? -1 : DemoCommand.NAMES.indexOf(clientId);
        if (from < 0 || from == receiver) {
            return;
        }
        PresenceAction action = p.action();
        if (action == PresenceAction.ENTER) {
            printer.print(
                    receiver,
                    st -> "<- " + names.apply(from) + " " + st.green("entered") + " presence '" + Render.data(p.data())
                            + "'");
            if (enters.incrementAndGet() >= clientCount * (clientCount - 1)) {
                allEntered.complete(null);
            }
        } else if (action == PresenceAction.LEAVE) {
            long after = System.nanoTime() - droppedAt;
            boolean expected = from == dropped && droppedAt != 0;
            printer.print(
                    receiver,
                    st -> "<- " + names.apply(from) + " " + st.red("left") + " presence"
                            + (expected ? st.dim(" (" + seconds(after) + " after its connection dropped)") : ""));
            if (expected && sawLeave.add(receiver) && sawLeave.size() >= clientCount - 1) {
                leaveAfterNanos = after;
                leaveSeen.complete(null);
            }
        } else if (action == PresenceAction.UPDATE) {
            printer.print(
                    receiver, st -> "<- " + names.apply(from) + " updated presence '" + Render.data(p.data()) + "'");
        }
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }
}
