package io.ably4j;

import io.ably4j.types.AblyException;
import java.util.Set;

/**
 * The channels of a {@link RealtimeClient}. Spec: RTS1-RTS4. Obtain it from {@link RealtimeClient#channels()}; this
 * interface is not meant to be implemented outside the library (methods may be added).
 *
 * <h2>Threading</h2>
 *
 * <p>All methods are thread-safe and non-blocking. {@link #get} returns the same {@link RealtimeChannel} instance for a
 * name until the channel is {@link #release released}. Iteration ({@link #names()}) returns a snapshot.
 */
public interface Channels {
    /**
     * The channel called {@code name}, created with default options if it does not exist. Spec: RTS3a. A name whose
     * ATTACH would exceed the server's {@code maxFrameSize} makes the channel's attach fail with 40010 (the channel
     * becomes FAILED; nothing is sent, the connection is unaffected).
     *
     * @param name the channel name
     * @return the channel, created in the INITIALIZED state if it did not exist
     * @throws AblyException 40010 if {@code name} is null, empty or holds an unpaired UTF-16 surrogate
     */
    RealtimeChannel get(String name);

    /**
     * The channel called {@code name}, created with {@code options} if it does not exist. Spec: RTS3b. For an existing
     * channel the options are applied as by {@link RealtimeChannel#setOptions} (RTS3c), unless that would need a
     * re-attach (new params or modes on an ATTACHING or ATTACHED channel, RTL16a): then this throws instead and leaves
     * the channel untouched, and the caller should use {@code setOptions} (RTS3c1).
     *
     * @param name the channel name
     * @param options the options to create the channel with, or to set on the existing one
     * @return the channel
     * @throws AblyException 40010 if {@code name} is null, empty or holds an unpaired UTF-16 surrogate; 40000 if
     * {@code options} is null, or if applying
     * them would need a re-attach (RTS3c1)
     */
    RealtimeChannel get(String name, ChannelOptions options);

    /**
     * Whether a channel called {@code name} exists; false for null. Spec: RTS2.
     *
     * @param name the channel name
     * @return whether the channel exists
     */
    boolean exists(String name);

    /** {@return the names of the existing channels: an unmodifiable snapshot} Spec: RTS2. */
    Set<String> names();

    /**
     * Detaches the channel called {@code name}, then removes it so that a later {@link #get} creates a new instance.
     * Spec: RTS4a. The returned future completes once the channel is removed: after the detach completes, or fails (the
     * channel is removed either way; the future then fails with the detach error). It completes normally at once if
     * there is no such channel. The released instance keeps its last state but is inert: its message listeners are
     * removed and its {@link RealtimeChannel#attach()} fails with 90001; get a new instance from {@link #get}.
     *
     * @param name the channel name
     * @return a future completed, on the callback executor, once the channel is detached and removed
     * @throws AblyException 40010 if {@code name} is null or empty
     */
    AblyFuture<Void> release(String name);

    // ---------------------------------------------------------------- derived channels (RTS5)

    /**
     * The derived channel of {@code name} described by {@code derive}, created with default options if it does not
     * exist: {@code get} of the qualified name {@code [filter=<base64 of the filter>]name} (RTS5a1). The server sends
     * on it only the messages of channel {@code name} that match the filter. Spec: RTS5, RTS5a.
     *
     * @param name the base channel name (a name that already has a {@code [...]} qualifier keeps its params)
     * @param derive how to derive the channel
     * @return the derived channel; its {@link RealtimeChannel#name()} is the qualified name
     * @throws AblyException 40010 if {@code name} is null or empty; 40000 if {@code derive} is null
     */
    RealtimeChannel getDerived(String name, DeriveOptions derive);

    /**
     * As {@link #getDerived(String, DeriveOptions)}, created with (or, for an existing channel, applying as {@link
     * #get(String, ChannelOptions)} does) {@code options}. Their params also go into the qualified name, after a
     * {@code ?} inside the brackets: {@code [filter=...?rewind=1]name} (RTS5a2). Spec: RTS5a.
     *
     * @param name the base channel name
     * @param derive how to derive the channel
     * @param options the channel options
     * @return the derived channel
     * @throws AblyException 40010 if {@code name} is null or empty; 40000 if {@code derive} or {@code options} is null
     * or as {@link #get(String, ChannelOptions)}
     */
    RealtimeChannel getDerived(String name, DeriveOptions derive, ChannelOptions options);
}
