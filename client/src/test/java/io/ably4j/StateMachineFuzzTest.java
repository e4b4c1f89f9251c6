package io.ably4j;

import static io.ably4j.ChannelState.ATTACHED;
import static io.ably4j.ChannelState.ATTACHING;
import static io.ably4j.ChannelState.DETACHED;
import static io.ably4j.ChannelState.DETACHING;
import static io.ably4j.ConnectionState.CLOSED;
import static io.ably4j.ConnectionState.CLOSING;
import static io.ably4j.ConnectionState.CONNECTED;
import static io.ably4j.ConnectionState.CONNECTING;
import static io.ably4j.ConnectionState.DISCONNECTED;
import static io.ably4j.ConnectionState.FAILED;
import static io.ably4j.ConnectionState.INITIALIZED;
import static io.ably4j.ConnectionState.SUSPENDED;

import io.ably4j.testing.FakeRuntime;
import io.ably4j.testing.MockWebSocket.PendingConnection;
import io.ably4j.types.ConnectionDetails;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.Message;
import io.ably4j.types.PresenceAction;
import io.ably4j.types.PresenceMessage;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import io.ably4j.types.ProtocolMessage.Flag;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the connection and channel state machines: a {@link RealtimeClient} on the fake runtime ({@code
 * MockWebSocket}, {@code FakeScheduler}, {@code ManualExecutor}) gets random sequences of server messages (CONNECTED,
 * DISCONNECTED, ERROR, HEARTBEAT, ATTACHED with random flags, DETACHED, MESSAGE, PRESENCE, SYNC, ACK/NACK with random
 * serials and counts, AUTH, CLOSED, unknown actions), transport failures, answers to connection attempts, user
 * operations (connect, close, attach, detach, publish, presence enter/leave, ping) and clock advances. Invariants:
 *
 * <ul>
 *   <li>every connection and channel state change is one the spec allows ({@link #CONNECTION}, {@link #CHANNEL},
 *       written from features.md RTN4, RTN11-RTN16, RTL2-RTL5, RTL13, RTL14), and an UPDATE keeps the state;
 *   <li>after {@code close()} and enough fake time, the connection is CLOSED (or FAILED), every future the client
 *       returned is complete, and no timer is left on the scheduler;
 *   <li>nothing is logged at ERROR (an exception that escaped into the executors would be).
 * </ul>
 *
 * <p>Seeded: {@code -Dfuzz.tries=N} runs N sequences (default 400), {@code -Dfuzz.seed=S} changes the seed; a failure
 * names the sequence's seed, and {@code -Dfuzz.only=SEED} replays just that one.
 */
class StateMachineFuzzTest {
    private static final int STEPS = 60;
    private static final String[] CHANNELS = {"a", "b"};

    /** RTN4 and the RTN11-RTN16 items: the connection states each state may move to. */
    static final Map<ConnectionState, Set<ConnectionState>> CONNECTION = new EnumMap<>(ConnectionState.class);

    /** RTL2-RTL5, RTL13, RTL14 and RTL3 (following the connection): the channel states each state may move to. */
    static final Map<ChannelState, Set<ChannelState>> CHANNEL = new EnumMap<>(ChannelState.class);

    static {
        // RTN11: connect(); RTN12d: close() before any connection
        CONNECTION.put(INITIALIZED, EnumSet.of(CONNECTING, CLOSED, FAILED));
        // RTN14: CONNECTED, DISCONNECTED (RTN14d), SUSPENDED (RTN14e), FAILED (RTN14a/b/g); RTN12f: CLOSING or CLOSED
        CONNECTION.put(CONNECTING, EnumSet.of(CONNECTED, DISCONNECTED, SUSPENDED, FAILED, CLOSING, CLOSED));
        // RTN15: DISCONNECTED; RTN15i/RTN14g: FAILED; RTN12a: CLOSING; RTN12 server CLOSED
        CONNECTION.put(CONNECTED, EnumSet.of(DISCONNECTED, FAILED, CLOSING, CLOSED));
        // RTN14d/RTN15: CONNECTING; RTN14e: SUSPENDED; RTN12d: CLOSED; FAILED (e.g. a fatal auth failure)
        CONNECTION.put(DISCONNECTED, EnumSet.of(CONNECTING, SUSPENDED, CLOSED, FAILED));
        // RTN14f: CONNECTING; RTN12d: CLOSED
        CONNECTION.put(SUSPENDED, EnumSet.of(CONNECTING, CLOSED, FAILED));
        // RTN12a-c: CLOSED; ERROR: FAILED; RTN11c: connect() while closing starts a new connection
        CONNECTION.put(CLOSING, EnumSet.of(CLOSED, FAILED, CONNECTING));
        // RTN11c/d: connect() again
        CONNECTION.put(CLOSED, EnumSet.of(CONNECTING));
        CONNECTION.put(FAILED, EnumSet.of(CONNECTING));

        // RTL4: attach; RTL5a: detach does nothing
        CHANNEL.put(ChannelState.INITIALIZED, EnumSet.of(ATTACHING, ChannelState.FAILED));
        // RTL4c: ATTACHED; RTL4f/RTL3c: SUSPENDED; RTL3a/RTL14: FAILED; RTL3b: DETACHED; RTL5i then RTL5d: DETACHING
        CHANNEL.put(ATTACHING, EnumSet.of(ATTACHED, ChannelState.SUSPENDED, ChannelState.FAILED, DETACHED, DETACHING));
        // RTL13a: ATTACHING; RTL5d: DETACHING; RTL3c: SUSPENDED; RTL3a/RTL14: FAILED; RTL3b: DETACHED
        CHANNEL.put(ATTACHED, EnumSet.of(ATTACHING, DETACHING, ChannelState.SUSPENDED, ChannelState.FAILED, DETACHED));
        // RTL5d: DETACHED; RTL5f: back to ATTACHED; RTL4h: ATTACHING; RTL3: SUSPENDED, FAILED
        CHANNEL.put(DETACHING, EnumSet.of(DETACHED, ATTACHED, ATTACHING, ChannelState.SUSPENDED, ChannelState.FAILED));
        // RTL4: attach; RTL3a: FAILED
        CHANNEL.put(DETACHED, EnumSet.of(ATTACHING, ChannelState.FAILED));
        // RTL13b/RTL3d: ATTACHING; RTL5j/RTL3b: DETACHED; RTL3a: FAILED
        CHANNEL.put(ChannelState.SUSPENDED, EnumSet.of(ATTACHING, DETACHED, ChannelState.FAILED));
        // RTL4g: attach again
        CHANNEL.put(ChannelState.FAILED, EnumSet.of(ATTACHING));
        // an ATTACHED the channel did not ask for (spec silent outside RTL5k/RTL12): ChannelInbound takes the
        // server's word for it in INITIALIZED and SUSPENDED
        CHANNEL.getOrDefault(ChannelState.INITIALIZED, EnumSet.noneOf(ChannelState.class))
                .add(ATTACHED);
        CHANNEL.getOrDefault(ChannelState.SUSPENDED, EnumSet.noneOf(ChannelState.class))
                .add(ATTACHED);
        // RTL5k: an ATTACHED while DETACHED sends a DETACH and moves to DETACHING
        CHANNEL.getOrDefault(DETACHED, EnumSet.noneOf(ChannelState.class)).add(DETACHING);
        // RTN11d: connect() after CLOSED or FAILED takes every channel back to INITIALIZED
        CHANNEL.forEach((from, to) -> {
            if (from != ChannelState.INITIALIZED) {
                to.add(ChannelState.INITIALIZED);
            }
        });
    }

    @Test
    void RTN4_RTL2_randomSequencesKeepTheInvariants() {
        long only = Long.getLong("fuzz.only", -1L);
        if (only >= 0) {
            new Run(only).run();
            return;
        }
        int tries = Integer.getInteger("fuzz.tries", 400);
        Random seeds = new Random(Long.getLong("fuzz.seed", 0x57A7EL));
        Map<ConnectionState, Integer> endStates = new EnumMap<>(ConnectionState.class);
        long transitions = 0;
        for (int i = 0; i < tries; i++) {
            Run run = new Run(seeds.nextLong() & Long.MAX_VALUE);
            run.run();
            endStates.merge(run.finalState, 1, Integer::sum);
            transitions += run.transitions;
        }
        System.out.printf(
                "state machine fuzz: %d sequences of %d steps, %d state changes, final states %s%n",
                tries, STEPS, transitions, endStates);
    }

    /** One random sequence, replayable from its seed. */
    private static final class Run {
        final long seed;
        final Random random;
        final FakeRuntime rt = new FakeRuntime();
        final List<String> trace = new ArrayList<>();
        final List<String> violations = new ArrayList<>();
        final List<CompletableFuture<?>> futures = new ArrayList<>();
        final List<String> futureLabels = new ArrayList<>();
        ConnectionState finalState = INITIALIZED;
        int transitions;
        long nextSerial;
        int connectionCount;
        final List<PendingConnection> opened = new ArrayList<>();

        Run(long seed) {
            this.seed = seed;
            this.random = new Random(seed);
        }

        void run() {
            RealtimeClient client = client();
            try {
                for (int step = 0; step < STEPS; step++) {
                    step(client);
                }
                finish(client);
            } catch (RuntimeException | AssertionError e) {
                throw new AssertionError(failure("threw " + e), e);
            }
            if (!violations.isEmpty()) {
                throw new AssertionError(failure(String.join("\n", violations)));
            }
        }

        private void track(CompletableFuture<?> f) {
            futures.add(f);
            futureLabels.add(trace.get(trace.size() - 1));
        }

        private String failure(String what) {
            int from = Math.max(0, trace.size() - 80);
            return "seed " + seed + " (replay with -Dfuzz.only=" + seed + "): " + what + "\ntrace (last 80):\n  "
                    + String.join("\n  ", trace.subList(from, trace.size()));
        }

        private RealtimeClient client() {
            RealtimeClient client = rt.client(b -> b.autoConnect(false)
                    .clientId("fuzz")
                    .realtimeRequestTimeout(Duration.ofSeconds(2))
                    .disconnectedRetryTimeout(Duration.ofSeconds(3))
                    .suspendedRetryTimeout(Duration.ofSeconds(7))
                    .logHandler((level, message, t) -> {
                        if (level == LogLevel.ERROR) {
                            violations.add("logged at ERROR: " + message + (t == null ? "" : " " + t));
                        }
                    }));
            client.connection().on(c -> {
                trace.add("  connection " + c.previous() + " -> " + c.current() + " " + c.event()
                        + (c.reason() == null ? "" : " " + c.reason().code()));
                if (c.event() == ConnectionEvent.UPDATE) {
                    if (c.previous() != c.current()) {
                        violations.add("connection UPDATE changed the state: " + c);
                    }
                    return;
                }
                transitions++;
                if (!CONNECTION.getOrDefault(c.previous(), Set.of()).contains(c.current())) {
                    violations.add("connection " + c.previous() + " -> " + c.current() + " is not allowed: " + c);
                }
                if (!c.event().name().equals(c.current().name())) {
                    violations.add("connection event " + c.event() + " for state " + c.current());
                }
            });
            for (String name : CHANNELS) {
                client.channels().get(name).on(c -> {
                    trace.add("  channel " + name + " " + c.previous() + " -> " + c.current() + " " + c.event()
                            + (c.reason() == null ? "" : " " + c.reason().code()));
                    if (c.event() == ChannelEvent.UPDATE) {
                        if (c.previous() != c.current()) {
                            violations.add("channel UPDATE changed the state: " + c);
                        }
                        return;
                    }
                    transitions++;
                    if (!CHANNEL.getOrDefault(c.previous(), Set.of()).contains(c.current())) {
                        violations.add("channel " + name + " " + c.previous() + " -> " + c.current()
                                + " is not allowed: " + c);
                    }
                });
            }
            return client;
        }

        private void step(RealtimeClient client) {
            int r = random.nextInt(100);
            if (r < 12) {
                answerAttempt();
            } else if (r < 50) {
                serverMessage();
            } else if (r < 56) {
                transportEvent();
            } else if (r < 80) {
                userOperation(client);
            } else {
                long millis = random.nextInt(4) == 0 ? random.nextInt(40_000) : random.nextInt(2_500);
                trace.add("advance " + millis + " ms");
                rt.advanceMillis(millis);
            }
            rt.drain();
        }

        private @Nullable PendingConnection unanswered() {
            List<PendingConnection> attempts = rt.ws.connectAttempts;
            synchronized (attempts) {
                if (attempts.isEmpty()) {
                    return null;
                }
                PendingConnection last = attempts.get(attempts.size() - 1);
                return last.isClosed() || opened.contains(last) ? null : last;
            }
        }

        private void answerAttempt() {
            PendingConnection c = unanswered();
            if (c == null) {
                return;
            }
            switch (random.nextInt(6)) {
                case 0, 1, 2 -> {
                    trace.add("attempt: success + CONNECTED");
                    opened.add(c);
                    c.respondWithSuccess(connected());
                }
                case 3 -> {
                    trace.add("attempt: refused");
                    c.respondWithRefused();
                }
                case 4 -> {
                    ProtocolMessage error = connectionError();
                    trace.add("attempt: ERROR " + error.error());
                    opened.add(c);
                    c.respondWithError(error, random.nextBoolean());
                }
                default -> {
                    trace.add("attempt: open, no CONNECTED");
                    opened.add(c);
                    c.respondWithSuccess();
                }
            }
        }

        private ProtocolMessage connected() {
            connectionCount++;
            String key = "key-" + (random.nextInt(3) == 0 ? connectionCount : 1);
            return ProtocolMessage.builder(Action.CONNECTED)
                    .connectionId("id-" + connectionCount)
                    .connectionKey(key)
                    .connectionDetails(ConnectionDetails.builder()
                            .connectionKey(key)
                            .clientId(random.nextInt(10) == 0 ? "other" : "fuzz")
                            .connectionStateTtl(random.nextInt(4) == 0 ? 5_000L : 120_000L)
                            .maxIdleInterval(random.nextInt(4) == 0 ? 0L : 15_000L)
                            .maxMessageSize(random.nextInt(10) == 0 ? 10 : 65_536)
                            .build())
                    .error(random.nextInt(5) == 0 ? ErrorInfo.of(80008, 400, "resume failed") : null)
                    .build();
        }

        private ProtocolMessage connectionError() {
            int[] codes = {40140, 40142, 40101, 40000, 50000, 80000, 80003, 80008, 80019};
            int code = codes[random.nextInt(codes.length)];
            return ProtocolMessage.builder(Action.ERROR)
                    .error(ErrorInfo.of(code, code / 100, "fuzz error"))
                    .build();
        }

        /** The most recent transport that opened and is not closed: the server can send on it. */
        private @Nullable PendingConnection live() {
            for (int i = opened.size() - 1; i >= 0; i--) {
                if (!opened.get(i).isClosed()) {
                    return opened.get(i);
                }
            }
            return null;
        }

        private void transportEvent() {
            PendingConnection c = live();
            if (c == null) {
                return;
            }
            switch (random.nextInt(3)) {
                case 0 -> {
                    trace.add("transport: closed by server");
                    c.closeFromServer();
                }
                case 1 -> {
                    trace.add("transport: failure");
                    c.simulateDisconnect(ErrorInfo.of(80003, 503, "network gone"));
                }
                default -> {
                    trace.add("transport: ping frame");
                    c.sendPingFrame();
                }
            }
        }

        private String channel() {
            return CHANNELS[random.nextInt(CHANNELS.length)];
        }

        private void serverMessage() {
            PendingConnection c = live();
            if (c == null) {
                return;
            }
            ProtocolMessage m = switch (random.nextInt(16)) {
                case 0 -> connected();
                case 1 ->
                    ProtocolMessage.builder(Action.DISCONNECTED)
                            .error(random.nextBoolean() ? ErrorInfo.of(80003, 503, "bye") : null)
                            .build();
                case 2 -> connectionError();
                case 3 -> ProtocolMessage.builder(Action.HEARTBEAT).build();
                case 4, 5 ->
                    ProtocolMessage.builder(Action.ATTACHED)
                            .channel(channel())
                            .flags(random.nextLong()
                                    & (Flag.HAS_PRESENCE.mask()
                                            | Flag.HAS_BACKLOG.mask()
                                            | Flag.RESUMED.mask()
                                            | Flag.PRESENCE.mask()
                                            | Flag.PUBLISH.mask()
                                            | Flag.SUBSCRIBE.mask()))
                            .channelSerial(random.nextBoolean() ? "s" + random.nextInt(5) : null)
                            .error(random.nextInt(4) == 0 ? ErrorInfo.of(91000, 400, "attach issue") : null)
                            .build();
                case 6 ->
                    ProtocolMessage.builder(Action.DETACHED)
                            .channel(channel())
                            .error(random.nextBoolean() ? ErrorInfo.of(90198, 500, "detached by server") : null)
                            .build();
                case 7 ->
                    ProtocolMessage.builder(Action.ERROR)
                            .channel(channel())
                            .error(ErrorInfo.of(random.nextBoolean() ? 40160 : 90000, 400, "channel error"))
                            .build();
                case 8 ->
                    ProtocolMessage.builder(Action.MESSAGE)
                            .channel(channel())
                            .id("conn:" + random.nextInt(100))
                            .channelSerial("s" + random.nextInt(5))
                            .addMessage(Message.of("n", random.nextBoolean() ? "data" : null))
                            .build();
                case 9 ->
                    ProtocolMessage.builder(Action.PRESENCE)
                            .channel(channel())
                            .presence(List.of(presence()))
                            .build();
                case 10 ->
                    ProtocolMessage.builder(Action.SYNC)
                            .channel(channel())
                            .channelSerial(random.nextBoolean() ? "seq:" : "seq:cursor")
                            .presence(random.nextBoolean() ? List.of(presence()) : List.of())
                            .build();
                case 11, 12 ->
                    ProtocolMessage.builder(random.nextInt(3) == 0 ? Action.NACK : Action.ACK)
                            .msgSerial(Math.max(0, nextSerial - random.nextInt(4) + (random.nextInt(6) == 0 ? 3 : 0)))
                            .count(random.nextInt(8) == 0 ? random.nextInt(6) - 1 : 1 + random.nextInt(3))
                            .error(random.nextBoolean() ? ErrorInfo.of(40000, 400, "nack") : null)
                            .build();
                case 13 -> ProtocolMessage.of(Action.AUTH);
                case 14 -> ProtocolMessage.of(Action.CLOSED);
                default ->
                    ProtocolMessage.builder(Action.MESSAGE)
                            .actionCode(42 + random.nextInt(10))
                            .channel(random.nextBoolean() ? channel() : null)
                            .build();
            };
            trace.add("server: " + m);
            c.sendToClient(m);
        }

        private PresenceMessage presence() {
            PresenceAction[] actions = {
                PresenceAction.ENTER,
                PresenceAction.UPDATE,
                PresenceAction.LEAVE,
                PresenceAction.PRESENT,
                PresenceAction.ABSENT
            };
            return PresenceMessage.builder(actions[random.nextInt(actions.length)])
                    .id("c" + random.nextInt(3) + ":" + random.nextInt(5) + ":0")
                    .clientId(random.nextBoolean() ? "fuzz" : "other")
                    .connectionId("c" + random.nextInt(3))
                    .timestamp(1L + random.nextInt(1000))
                    .build();
        }

        private void userOperation(RealtimeClient client) {
            RealtimeChannel ch = client.channels().get(channel());
            switch (random.nextInt(11)) {
                case 0 -> {
                    trace.add("user: connect");
                    client.connect();
                }
                case 1 -> {
                    trace.add("user: close");
                    track(client.closeAsync());
                }
                case 2, 3 -> {
                    trace.add("user: attach " + ch.name());
                    track(ch.attach());
                }
                case 4 -> {
                    trace.add("user: detach " + ch.name());
                    track(ch.detach());
                }
                case 5, 6 -> {
                    trace.add("user: publish " + ch.name() + " (serial " + nextSerial + ")");
                    nextSerial++;
                    track(ch.publish("m", random.nextInt(10) == 0 ? "x".repeat(100) : "d"));
                }
                case 7 -> {
                    trace.add("user: presence enter " + ch.name());
                    nextSerial++;
                    track(ch.presence().enter("p"));
                }
                case 8 -> {
                    trace.add("user: presence leave " + ch.name());
                    nextSerial++;
                    track(ch.presence().leave(null));
                }
                case 9 -> {
                    trace.add("user: ping");
                    track(client.connection().ping());
                }
                default -> {
                    trace.add("user: presence get " + ch.name());
                    track(ch.presence().get());
                }
            }
        }

        /** Closes the client, answering its CLOSE if a transport is up, and lets all timers run out. */
        private void finish(RealtimeClient client) {
            trace.add("user: close (final)");
            CompletableFuture<Void> closed = client.closeAsync();
            track(closed);
            rt.drain();
            PendingConnection c = live();
            if (c != null && random.nextBoolean()) {
                trace.add("server: CLOSED (final)");
                c.sendToClient(ProtocolMessage.of(Action.CLOSED));
            }
            for (int i = 0; i < 10; i++) {
                rt.advanceMillis(30_000);
            }
            finalState = client.connection().state();
            if (finalState != CLOSED && finalState != FAILED) {
                violations.add("after close and 300 s the connection is " + finalState);
            }
            for (int i = 0; i < futures.size(); i++) {
                if (!futures.get(i).isDone()) {
                    violations.add("future " + i + " (" + futureLabels.get(i) + ") never completed");
                }
            }
            if (rt.scheduler.pending() != 0) {
                violations.add(rt.scheduler.pending() + " timers left after close");
            }
            if (!rt.executor.isIdle()) {
                violations.add("executor not idle after close");
            }
        }
    }
}
