package io.ably4j;

import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import java.time.Duration;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The connection of a {@link RealtimeClient} to Ably. Spec: RTN1-RTN26. Obtain it from {@link
 * RealtimeClient#connection()}; this interface is not meant to be implemented outside the library (methods may be
 * added).
 *
 * <h2>Threading</h2>
 *
 * <p>All methods are thread-safe and non-blocking. State changes happen on the client's internal serial executor:
 * {@link #connect()}, {@link #close()} and {@link #ping()} return at once and take effect asynchronously, so {@link
 * #state()} read straight after {@code connect()} may still be the old state. Use {@link #whenState} or a listener to
 * wait; for blocking code, {@code connection.whenState(ConnectionState.CONNECTED).await()} (which throws the {@link
 * io.ably4j.types.AblyException} itself on failure).
 *
 * <p>Listeners and the completions of returned futures run on the client's callback executor (see {@link
 * ClientOptions#callbackExecutor()}), one at a time and in event order, by default never where they could hold up the
 * connection for more than an instant (see there). A listener that is slow delays later callbacks of the same client
 * but not the connection itself; an exception thrown by a listener is logged
 * and ignored (RTE6). Dependent stages added to a returned future with non-async methods run on the callback executor
 * too (or on the caller, if the future is already complete).
 */
public interface Connection {
    /** {@return the current state} Spec: RTN4d. */
    ConnectionState state();

    /**
     * {@return the connection id assigned by Ably; null until connected and in CLOSING, CLOSED and FAILED} Spec: RTN8.
     */
    @Nullable
    String id();

    /**
     * {@return the private connection key used to resume; null until connected and in CLOSING, CLOSED and FAILED} Spec:
     * RTN9.
     */
    @Nullable
    String key();

    /** {@return the error behind the latest failure, or null} Spec: RTN25. Cleared on a clean (re)connection. */
    @Nullable
    ErrorInfo errorReason();

    /**
     * {@return a recovery key for this connection, or null when there is nothing to recover: before the first
     * connection, and in CLOSING, CLOSED, FAILED and SUSPENDED} Spec: RTN16g, RTN16g2. Pass it to {@link
     * ClientOptions.Builder#recover(String)} of a new client, typically in a new process, to continue this connection:
     * the new client resumes the connection, continues its msgSerial, and the channels in the key continue from where
     * this client left them once the new client attaches them (RTN16i). Keep it secret: it holds the connection key.
     * Callable from any thread; it reflects the state at the moment of the call.
     */
    @Nullable
    String createRecoveryKey();

    /**
     * Registers a listener for every {@link ConnectionEvent}. Spec: RTE3. Close the subscription to remove it.
     *
     * @param listener called on the callback executor with each state change
     * @return a handle whose {@code close()} removes the listener
     */
    Subscription on(Consumer<ConnectionStateChange> listener);

    /**
     * Registers a listener for one event. Spec: RTE3.
     *
     * @param event the event to listen for
     * @param listener called on the callback executor with each matching state change
     * @return a handle whose {@code close()} removes the listener
     */
    Subscription on(ConnectionEvent event, Consumer<ConnectionStateChange> listener);

    /**
     * Registers a listener for the next event only. Spec: RTE4.
     *
     * @param listener called once, on the callback executor, with the next state change
     * @return a handle whose {@code close()} removes the listener before it is called
     */
    Subscription once(Consumer<ConnectionStateChange> listener);

    /**
     * Registers a listener for the next occurrence of {@code event} only. Spec: RTE4.
     *
     * @param event the event to wait for
     * @param listener called once, on the callback executor, with the matching state change
     * @return a handle whose {@code close()} removes the listener before it is called
     */
    Subscription once(ConnectionEvent event, Consumer<ConnectionStateChange> listener);

    /**
     * Completes when the connection is in {@code state}: with null if it already is when the call takes effect ,
     * otherwise with the state change that enters it. Spec: RTN26, RTN26a, RTN26b. It never completes exceptionally; if
     * the state is never reached it never completes, so bound blocking waits ({@code future.get(timeout, unit)}).
     *
     * @param state the state to wait for
     * @return a future completed, on the callback executor, as described above
     */
    AblyFuture<@Nullable ConnectionStateChange> whenState(ConnectionState state);

    /**
     * Sends a HEARTBEAT with a random id and completes with the round-trip time when the matching HEARTBEAT arrives .
     * Spec: RTN13a, RTN13e. Deferred while CONNECTING or DISCONNECTED (RTN13d). Completes exceptionally with an {@link
     * AblyException} in INITIALIZED, SUSPENDED, CLOSING, CLOSED or FAILED, or on entering one of them (RTN13b), and
     * with code 50003 if no reply arrives within {@link ClientOptions#realtimeRequestTimeout()} (RTN13c).
     *
     * @return a future completed, on the callback executor, with the round-trip time
     */
    AblyFuture<Duration> ping();

    /**
     * Connects: a no-op while CONNECTING or CONNECTED; from DISCONNECTED or SUSPENDED retries at once; from CLOSING,
     * CLOSED or FAILED starts a new connection. Spec: RTN11, RTN11c, RTN11b, RTN11d.
     */
    void connect();

    /**
     * Closes the connection: sends CLOSE and waits up to {@link ClientOptions#realtimeRequestTimeout()} for CLOSED;
     * from DISCONNECTED or SUSPENDED goes straight to CLOSED. Spec: RTN12, RTN12a, RTN12b, RTN12d.
     */
    void close();
}
