package io.ably4j.interop;

import io.ably.lib.realtime.AblyRealtime;
import io.ably.lib.realtime.Channel;
import io.ably.lib.realtime.CompletionListener;
import io.ably.lib.realtime.ConnectionState;
import io.ably.lib.realtime.ConnectionStateListener;
import io.ably.lib.rest.AblyRest;
import io.ably.lib.types.AblyException;
import io.ably.lib.types.ClientOptions;
import io.ably.lib.types.ErrorInfo;
import io.ably.lib.types.Message;
import io.ably.lib.types.PresenceMessage;
import io.ably.lib.util.Log;
import io.ably4j.emulator.Emulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * One ably-java 1.5.0 realtime client against the emulator, with its connection state changes, received
 * messages and presence events recorded for bounded waits. Not thread-safe except for the recording.
 */
final class JavaPeer implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    final AblyRealtime realtime;
    private final List<ConnectionStateListener.ConnectionStateChange> stateHistory = new ArrayList<>();
    private final Recorder<Message> messages = new Recorder<>();
    private final Recorder<PresenceMessage> presence = new Recorder<>();

    private JavaPeer(ClientOptions options) throws AblyException {
        options.autoConnect = false;
        this.realtime = new AblyRealtime(options);
        realtime.connection.on(change -> {
            synchronized (stateHistory) {
                stateHistory.add(change);
                stateHistory.notifyAll();
            }
        });
    }

    /** Options for a local, plain-text emulator with no fallbacks; the caller adds credentials. */
    static ClientOptions options(Emulator emulator, Format format) {
        ClientOptions o = new ClientOptions();
        o.restHost = emulator.host();
        o.realtimeHost = emulator.host();
        o.port = emulator.port();
        o.tls = false;
        o.environment = null;
        o.fallbackHosts = new String[0];
        o.useBinaryProtocol = format.binary();
        o.autoConnect = false;
        o.logLevel = Log.NONE;
        return o;
    }

    static ClientOptions keyOptions(Emulator emulator, Format format, String key) {
        ClientOptions o = options(emulator, format);
        o.key = key;
        return o;
    }

    /** Creates the client and connects it, waiting for CONNECTED. */
    static JavaPeer connect(ClientOptions options) throws Exception {
        JavaPeer peer = new JavaPeer(options);
        try {
            peer.realtime.connection.connect();
            peer.awaitState(ConnectionState.connected, TIMEOUT);
        } catch (Exception | AssertionError e) {
            peer.close();
            throw e;
        }
        return peer;
    }

    static AblyRest rest(Emulator emulator, Format format, String key) throws AblyException {
        return new AblyRest(keyOptions(emulator, format, key));
    }

    String connectionId() {
        String id = realtime.connection.id;
        if (id == null) {
            throw new AssertionError("ably-java has no connection id (state " + realtime.connection.state + ")");
        }
        return id;
    }

    /** Waits for a connection state change to {@code state} (one already recorded counts). */
    ConnectionStateListener.ConnectionStateChange awaitState(ConnectionState state, Duration timeout) {
        return awaitStateAfter(0, state, timeout);
    }

    /** The number of state changes recorded so far, for {@link #awaitStateAfter}. */
    int mark() {
        synchronized (stateHistory) {
            return stateHistory.size();
        }
    }

    /** Waits for a change to {@code state} among the changes recorded after {@code mark}. */
    ConnectionStateListener.ConnectionStateChange awaitStateAfter(int mark, ConnectionState state, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (stateHistory) {
            while (true) {
                for (int i = mark; i < stateHistory.size(); i++) {
                    if (stateHistory.get(i).current == state) {
                        return stateHistory.get(i);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("ably-java did not reach " + state + " within " + timeout + "; states: "
                            + stateHistory.stream().map(c -> c.current).toList() + "; reason: "
                            + describe(realtime.connection.reason));
                }
                try {
                    stateHistory.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }
    }

    List<ConnectionState> stateHistory() {
        synchronized (stateHistory) {
            return stateHistory.stream().map(c -> c.current).toList();
        }
    }

    Channel channel(String name) {
        return realtime.channels.get(name);
    }

    void attach(String name) throws Exception {
        Channel ch = channel(name);
        CompletableFuture<@Nullable Void> done = new CompletableFuture<>();
        ch.attach(completion(done));
        await(done, "attach " + name);
    }

    /** Attach that is expected to fail; returns the error. */
    ErrorInfo attachFailure(String name) throws Exception {
        CompletableFuture<@Nullable Void> done = new CompletableFuture<>();
        channel(name).attach(completion(done));
        try {
            done.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ErrorInfoException err) {
                return err.error;
            }
            throw e;
        }
        throw new AssertionError("attach to " + name + " succeeded; expected a failure");
    }

    void subscribe(String name) throws Exception {
        Channel ch = channel(name);
        ch.subscribe(messages::add);
        attach(name);
    }

    void subscribePresence(String name) throws Exception {
        Channel ch = channel(name);
        ch.presence.subscribe(presence::add);
        attach(name);
    }

    /** Publishes and waits for the ACK (the completion listener's onSuccess). */
    void publish(String channel, @Nullable String name, @Nullable Object data) throws Exception {
        CompletableFuture<@Nullable Void> done = new CompletableFuture<>();
        channel(channel).publish(name, data, completion(done));
        await(done, "publish to " + channel);
    }

    /** Publishes messages in one protocol message and waits for the ACK. */
    void publish(String channel, Message... messages) throws Exception {
        CompletableFuture<@Nullable Void> done = new CompletableFuture<>();
        channel(channel).publish(messages, completion(done));
        await(done, "publish to " + channel);
    }

    List<Message> awaitMessages(Predicate<Message> filter, int count, Duration timeout) {
        return messages.await(filter, count, timeout, "messages");
    }

    List<Message> messages() {
        return messages.snapshot();
    }

    List<PresenceMessage> awaitPresence(Predicate<PresenceMessage> filter, int count, Duration timeout) {
        return presence.await(filter, count, timeout, "presence events");
    }

    static CompletionListener completion(CompletableFuture<@Nullable Void> future) {
        return new CompletionListener() {
            @Override
            public void onSuccess() {
                future.complete(null);
            }

            @Override
            public void onError(ErrorInfo reason) {
                future.completeExceptionally(new ErrorInfoException(reason));
            }
        };
    }

    static <T> T await(CompletableFuture<T> future, String what) throws Exception {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("ably-java " + what + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("ably-java " + what + " did not complete within " + TIMEOUT, e);
        }
    }

    static String describe(@Nullable ErrorInfo e) {
        return e == null ? "none" : e.code + "/" + e.statusCode + " " + e.message;
    }

    @Override
    public void close() {
        realtime.close();
    }

    /** An ErrorInfo carried through a CompletableFuture. */
    static final class ErrorInfoException extends Exception {
        private static final long serialVersionUID = 1L;

        @SuppressWarnings("serial") // never serialized; a test-local carrier
        final ErrorInfo error;

        ErrorInfoException(ErrorInfo error) {
            super(describe(error));
            this.error = error;
        }
    }

    /** Thread-safe list of received items with bounded waits. */
    static final class Recorder<T> {
        private final List<T> items = new ArrayList<>();

        synchronized void add(T item) {
            items.add(item);
            notifyAll();
        }

        synchronized List<T> snapshot() {
            return new ArrayList<>(items);
        }

        synchronized List<T> await(Predicate<T> filter, int count, Duration timeout, String what) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                List<T> matched = new ArrayList<>();
                for (T t : items) {
                    if (filter.test(t)) {
                        matched.add(t);
                        if (matched.size() == count) {
                            return matched;
                        }
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("ably-java: " + matched.size() + " of " + count + " expected " + what
                            + " within " + timeout + "; got " + items.size() + " in total");
                }
                try {
                    wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }
    }
}
