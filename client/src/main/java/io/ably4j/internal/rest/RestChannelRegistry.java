package io.ably4j.internal.rest;

import io.ably4j.ChannelOptions;
import io.ably4j.RestChannel;
import io.ably4j.RestChannels;
import io.ably4j.internal.util.Errors;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The public {@link RestChannels} (RSN1-RSN4): a concurrent map of {@link RestChannelImpl}s. Thread-safe. */
public final class RestChannelRegistry implements RestChannels {
    private final RestCore core;
    private final ConcurrentHashMap<String, RestChannelImpl> channels = new ConcurrentHashMap<>();

    /** The channels of the client whose REST layer is {@code core}. */
    public RestChannelRegistry(RestCore core) {
        this.core = core;
    }

    @Override
    public RestChannel get(String name) {
        return channels.computeIfAbsent(
                ChannelPaths.requireName(name), n -> new RestChannelImpl(core, n, ChannelOptions.defaults()));
    }

    @Override
    public RestChannel get(String name, ChannelOptions options) {
        ChannelPaths.requireName(name);
        if (options == null) {
            throw Errors.badArgument("options must not be null");
        }
        return channels.compute(name, (n, existing) -> {
            if (existing == null) {
                return new RestChannelImpl(core, n, options); // RSN3b
            }
            existing.setOptions(options); // RSN3c
            return existing;
        });
    }

    @Override
    public boolean exists(String name) {
        return name != null && channels.containsKey(name);
    }

    @Override
    public Set<String> names() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(channels.keySet()));
    }

    @Override
    public void release(String name) {
        channels.remove(ChannelPaths.requireName(name)); // RSN4a; nothing to do for an unknown name (RSN4b)
    }
}
