package io.ably4j.interop;

import io.ably4j.ChannelOptions;
import io.ably4j.ClientOptions;
import io.ably4j.ConnectionState;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.emulator.Emulator;
import io.ably4j.types.Message;
import io.ably4j.types.PublishResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * One ably4j {@link RealtimeClient} against the emulator, with the messages it receives recorded (per channel,
 * in delivery order) for bounded waits. Thread-safe.
 */
final class Ably4jPeer implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** A message as delivered to a listener of {@code channel}. */
    record Received(String channel, Message message) {}

    final RealtimeClient client;
    private final JavaPeer.Recorder<Received> received = new JavaPeer.Recorder<>();

    private Ably4jPeer(RealtimeClient client) {
        this.client = client;
    }

    /** Options for the local, plain-text emulator with basic auth (the key secret in clear: local only). */
    static ClientOptions.Builder options(Emulator emulator, Format format, String key) {
        return ClientOptions.builder()
                .key(key)
                .endpoint(emulator.host())
                .port(emulator.port())
                .tls(false)
                .allowInsecureBasicAuthForLocalDevelopment(true)
                .useBinaryProtocol(format.binary());
    }

    /** Creates the client (it connects on construction) and waits for CONNECTED. */
    static Ably4jPeer connect(ClientOptions options) {
        Ably4jPeer peer = new Ably4jPeer(new RealtimeClient(options));
        try {
            await(peer.client.connection().whenState(ConnectionState.CONNECTED), "connect");
        } catch (RuntimeException | AssertionError e) {
            try {
                peer.close();
            } catch (RuntimeException closeFailure) {
                e.addSuppressed(closeFailure);
            }
            throw e;
        }
        return peer;
    }

    String connectionId() {
        String id = client.connection().id();
        if (id == null) {
            throw new AssertionError(
                    "ably4j has no connection id (state " + client.connection().state() + ")");
        }
        return id;
    }

    RealtimeChannel channel(String name) {
        return client.channels().get(name);
    }

    /** The channel with the given options (params such as {@code delta=vcdiff}, a cipher). */
    RealtimeChannel channel(String name, io.ably4j.ChannelOptions options) {
        return client.channels().get(name, options);
    }

    /** The channel with a cipher for the base64 AES key (RSL5): encrypts on publish, decrypts on receive. */
    RealtimeChannel encryptedChannel(String name, String base64Key) {
        return client.channels().get(name, ChannelOptions.withCipherKey(base64Key));
    }

    /** Subscribes to every message of the channel (RTL7a) and waits until it is attached. */
    void subscribe(RealtimeChannel channel) {
        String name = channel.name();
        channel.subscribe(m -> received.add(new Received(name, m)));
        await(channel.attach(), "attach " + name);
    }

    void subscribe(String channel) {
        subscribe(channel(channel));
    }

    /** Waits until {@code count} messages on {@code channel} match, and returns the first {@code count}. */
    List<Message> awaitMessages(String channel, Predicate<Message> filter, int count, Duration timeout) {
        return received
                .await(r -> r.channel().equals(channel) && filter.test(r.message()), count, timeout, "messages")
                .stream()
                .map(Received::message)
                .toList();
    }

    Message awaitMessage(String channel, String messageName, Duration timeout) {
        return awaitMessages(channel, m -> messageName.equals(m.name()), 1, timeout)
                .get(0);
    }

    /** All messages received on {@code channel} so far. */
    List<Message> messages(String channel) {
        return received.snapshot().stream()
                .filter(r -> r.channel().equals(channel))
                .map(Received::message)
                .toList();
    }

    /** Waits for a future of this client, failing the test on an error or after {@link #TIMEOUT}. */
    static <T> T await(CompletableFuture<T> future, String what) {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("ably4j " + what + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("ably4j " + what + " did not complete within " + TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Publishes and waits for the ACK (RTN7a), returning its serials (RTL6j). */
    PublishResult publish(RealtimeChannel channel, Message... messages) {
        return await(channel.publish(messages), "publish to " + channel.name());
    }

    /**
     * Closes the connection and waits for CLOSED (RTN12). Throws {@link IllegalStateException} (not an
     * AssertionError, so that {@link InteropBase} still closes the other resources) if it does not close.
     */
    @Override
    public void close() {
        ConnectionState state = client.connection().state();
        if (state == ConnectionState.CLOSED || state == ConnectionState.FAILED) {
            return;
        }
        CompletableFuture<?> closed = client.connection().whenState(ConnectionState.CLOSED);
        client.close();
        try {
            closed.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "ably4j did not close within " + TIMEOUT + " (state "
                            + client.connection().state() + ")",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
