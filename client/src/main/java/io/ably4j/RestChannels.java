package io.ably4j;

import io.ably4j.types.AblyException;
import java.util.Set;

/**
 * The channels of a {@link RestClient}. Spec: RSN1-RSN4. A REST channel holds no state on the server's side: it is a
 * name and {@link ChannelOptions} through which the channel's REST operations are made. Obtain it from {@link
 * RestClient#channels()}; this interface is not meant to be implemented outside the library.
 *
 * <h2>Threading</h2>
 *
 * <p>All methods are thread-safe and non-blocking. {@link #get} returns the same {@link RestChannel} instance for a
 * name until it is {@link #release released}; {@link #names()} returns a snapshot.
 */
public interface RestChannels {
    /**
     * The channel called {@code name}, created with default options if it does not exist. Spec: RSN3a.
     *
     * @param name the channel name
     * @return the channel, created if it did not exist
     * @throws AblyException 40010 if {@code name} is null or empty
     */
    RestChannel get(String name);

    /**
     * The channel called {@code name}, created with {@code options} if it does not exist; an existing channel's options
     * are replaced by {@code options}, as by {@link RestChannel#setOptions}. Spec: RSN3a, RSN3b, RSN3c.
     *
     * @param name the channel name
     * @param options the options to create the channel with, or to set on the existing one
     * @return the channel
     * @throws AblyException 40010 if {@code name} is null or empty; 40000 if {@code options} is null
     */
    RestChannel get(String name, ChannelOptions options);

    /**
     * Whether a channel called {@code name} exists; false for null. Spec: RSN2.
     *
     * @param name the channel name
     * @return whether the channel exists
     */
    boolean exists(String name);

    /** {@return the names of the existing channels: an unmodifiable snapshot} Spec: RSN2. */
    Set<String> names();

    /**
     * Removes the channel called {@code name}, so that a later {@link #get} creates a new instance; nothing happens if
     * there is none. Spec: RSN4a, RSN4b. The removed instance keeps working: a REST channel holds no resources.
     *
     * @param name the channel name
     * @throws AblyException 40010 if {@code name} is null or empty
     */
    void release(String name);
}
