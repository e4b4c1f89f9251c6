package io.ably4j.bench.sdk;

import io.ably.lib.realtime.AblyRealtime;
import io.ably.lib.realtime.Channel;
import io.ably.lib.realtime.ChannelBase;
import io.ably.lib.realtime.CompletionListener;
import io.ably.lib.realtime.ConnectionState;
import io.ably.lib.types.AblyException;
import io.ably.lib.types.ChannelOptions;
import io.ably.lib.types.ClientOptions;
import io.ably.lib.types.ErrorInfo;
import io.ably.lib.util.Log;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * ably-java 1.5.0 (its default OkHttp WebSocket engine) with the settings the benchmark uses: realtime and REST host
 * localhost, plain ws on the emulator's port, no fallback hosts, key auth, msgpack ({@code useBinaryProtocol}), no
 * auto-connect, errors-only logging; all other options at their defaults.
 */
final class AblyJavaClient implements SdkClient {
    static final String NAME = "ably-java";

    private final AblyRealtime realtime;

    private AblyJavaClient(AblyRealtime realtime) {
        this.realtime = realtime;
    }

    static AblyJavaClient create(Config config) {
        ClientOptions o = new ClientOptions();
        o.key = config.key();
        o.realtimeHost = "localhost";
        o.restHost = "localhost";
        o.port = config.port();
        o.tls = false;
        o.environment = null;
        o.fallbackHosts = new String[0];
        o.useBinaryProtocol = true;
        o.echoMessages = config.echo();
        o.autoConnect = false;
        o.logLevel = Log.ERROR;
        try {
            return new AblyJavaClient(new AblyRealtime(o));
        } catch (AblyException e) {
            throw new IllegalStateException("ably-java client creation failed", e);
        }
    }

    @Override
    public CompletableFuture<Void> connect() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        realtime.connection.on(change -> {
            if (change.current == ConnectionState.connected) {
                done.complete(null);
            } else if (change.current == ConnectionState.failed) {
                done.completeExceptionally(
                        new IllegalStateException("ably-java connection failed: " + describe(change.reason)));
            }
        });
        realtime.connection.connect();
        return done;
    }

    @Override
    public CompletableFuture<Void> attach(String channel) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            realtime.channels.get(channel).attach(listener(ok -> {
                if (ok) {
                    done.complete(null);
                } else {
                    done.completeExceptionally(new IllegalStateException("ably-java attach failed: " + channel));
                }
            }));
        } catch (AblyException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    @Override
    public CompletableFuture<Void> attach(String channel, Map<String, String> params) {
        ChannelOptions options = new ChannelOptions();
        options.params = new HashMap<>(params);
        try {
            realtime.channels.get(channel, options);
        } catch (AblyException e) {
            return CompletableFuture.failedFuture(e);
        }
        return attach(channel);
    }

    @Override
    public void close() {
        realtime.close();
    }

    /**
     * {@code Presence.get(true)} blocks until the sync completes: it attaches the channel itself, and waits while the
     * channel is attaching and then until the sync is complete. It has no timeout: {@code timeoutSeconds} is not
     * enforced here (the driver ends a worker that takes too long).
     */
    @Override
    public int attachAndGetPresence(String channel, long timeoutSeconds) throws AblyException {
        Channel ch = realtime.channels.get(channel);
        ch.attach();
        return ch.presence.get(true).length;
    }

    @Override
    public void subscribe(String channel, Consumer<Object> listener) {
        ChannelBase.MessageListener l = m -> {
            Object data = m.data;
            if (data != null) {
                listener.accept(data);
            }
        };
        try {
            realtime.channels.get(channel).subscribe(l);
        } catch (AblyException e) {
            throw new IllegalStateException("ably-java subscribe failed", e);
        }
    }

    @Override
    public void publish(String channel, String data, AckListener ack) {
        try {
            realtime.channels.get(channel).publish("m", data, listener(ack));
        } catch (AblyException e) {
            ack.done(false);
        }
    }

    private static CompletionListener listener(AckListener ack) {
        return new CompletionListener() {
            @Override
            public void onSuccess() {
                ack.done(true);
            }

            @Override
            public void onError(ErrorInfo reason) {
                ack.done(false);
            }
        };
    }

    private static String describe(@Nullable ErrorInfo e) {
        return e == null ? "no reason" : e.code + " " + e.message;
    }
}
