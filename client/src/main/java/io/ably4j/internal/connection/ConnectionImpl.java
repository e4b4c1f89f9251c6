package io.ably4j.internal.connection;

import io.ably4j.AblyFuture;
import io.ably4j.Connection;
import io.ably4j.ConnectionEvent;
import io.ably4j.ConnectionState;
import io.ably4j.ConnectionStateChange;
import io.ably4j.Subscription;
import io.ably4j.internal.util.ClientFuture;
import io.ably4j.internal.util.Errors;
import io.ably4j.types.ErrorInfo;
import java.time.Duration;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** The public {@link Connection} facade over a {@link ConnectionManager}. */
public final class ConnectionImpl implements Connection {
    private final ConnectionManager manager;

    public ConnectionImpl(ConnectionManager manager) {
        this.manager = manager;
    }

    @Override
    public ConnectionState state() {
        return manager.state();
    }

    @Override
    public @Nullable String id() {
        return manager.id();
    }

    @Override
    public @Nullable String key() {
        return manager.key();
    }

    @Override
    public @Nullable ErrorInfo errorReason() {
        return manager.errorReason();
    }

    @Override
    public Subscription on(Consumer<ConnectionStateChange> listener) {
        return manager.emitter().on(null, requireListener(listener), false);
    }

    @Override
    public Subscription on(ConnectionEvent event, Consumer<ConnectionStateChange> listener) {
        return manager.emitter().on(requireEvent(event), requireListener(listener), false);
    }

    @Override
    public Subscription once(Consumer<ConnectionStateChange> listener) {
        return manager.emitter().on(null, requireListener(listener), true);
    }

    @Override
    public Subscription once(ConnectionEvent event, Consumer<ConnectionStateChange> listener) {
        return manager.emitter().on(requireEvent(event), requireListener(listener), true);
    }

    @Override
    public AblyFuture<@Nullable ConnectionStateChange> whenState(ConnectionState state) {
        if (state == null) {
            throw Errors.badArgument("state must not be null");
        }
        // Completed by a listener (RTN26b), so waiting for it on the callback executor fails fast.
        ClientFuture<@Nullable ConnectionStateChange> result = ClientFuture.completedByListener(manager.callbacks());
        // Checked on the serial executor, so no state change can slip between the check and the registration.
        manager.executor().execute(() -> {
            if (manager.state() == state) {
                manager.callbacks().execute(() -> result.complete(null)); // RTN26a
            } else {
                manager.emitter().on(state.event(), result::complete, true); // RTN26b
            }
        });
        return result;
    }

    @Override
    public @Nullable String createRecoveryKey() {
        return manager.createRecoveryKey();
    }

    @Override
    public AblyFuture<Duration> ping() {
        return manager.ping();
    }

    @Override
    public void connect() {
        manager.connect();
    }

    @Override
    public void close() {
        manager.close();
    }

    private static <T> T requireListener(@Nullable T listener) {
        if (listener == null) {
            throw Errors.badArgument("listener must not be null");
        }
        return listener;
    }

    private static ConnectionEvent requireEvent(@Nullable ConnectionEvent event) {
        if (event == null) {
            throw Errors.badArgument("event must not be null");
        }
        return event;
    }
}
