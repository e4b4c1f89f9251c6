package io.ably4j.bench.soak;

import io.ably4j.AuthCallback;
import io.ably4j.AuthOptions;
import io.ably4j.ChannelState;
import io.ably4j.ClientOptions;
import io.ably4j.ConnectionState;
import io.ably4j.LogLevel;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.RestClient;
import io.ably4j.WebSocketEngine;
import io.ably4j.types.AblyException;
import io.ably4j.types.PresenceMessage;
import io.ably4j.types.TokenParams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * One soak client: a {@link RealtimeClient} attached to every channel, subscribed to every channel and publishing
 * numbered messages on each; token clients (the first {@link SoakConfig#tokenClients()}) authenticate with short-lived
 * tokens from an authCallback and hold presence members on the presence channels.
 *
 * <p>Listeners run on the client's callback executor and only record into the {@link Ledger}; {@link #publish} and
 * the presence calls may be called from any thread.
 */
final class SoakClient {
    static final String MESSAGE_NAME = "soak";

    final int index;
    private final Ledger ledger;
    private final @Nullable String clientId;
    private final List<RealtimeChannel> channels = new ArrayList<>();
    private final boolean[] presenceWanted;
    private final AtomicLong presenceOps = new AtomicLong();
    private final AtomicLong presenceFailures = new AtomicLong();
    private final AtomicLong connectionIdChanges = new AtomicLong();
    private @Nullable RealtimeClient client;
    private @Nullable RestClient signer;
    private volatile @Nullable String connectionId;

    SoakClient(
            int index, SoakConfig config, WebSocketEngine engine, int port, Ledger ledger, AtomicLong tokenRequests) {
        this.index = index;
        this.ledger = ledger;
        boolean token = index < config.tokenClients();
        this.clientId = token ? "member-" + index : null;
        this.presenceWanted = new boolean[config.presenceChannels()];
        ClientOptions.Builder b = ClientOptions.builder()
                .webSocketEngine(engine)
                .endpoint("localhost")
                .port(port)
                .tls(false)
                .useBinaryProtocol(index % 2 == 0)
                .autoConnect(false)
                .disconnectedRetryTimeout(Duration.ofSeconds(2))
                .suspendedRetryTimeout(Duration.ofSeconds(5))
                .realtimeRequestTimeout(Duration.ofSeconds(5))
                .channelRetryTimeout(Duration.ofSeconds(3))
                .logLevel(LogLevel.NONE);
        if (token) {
            RestClient rest = new RestClient(ClientOptions.builder()
                    .key(EmulatorHost.KEY)
                    .endpoint("localhost")
                    .port(port)
                    .tls(false)
                    .allowInsecureBasicAuthForLocalDevelopment(true)
                    .logLevel(LogLevel.NONE)
                    .build());
            this.signer = rest;
            long ttl = config.tokenTtl().toMillis();
            String id = clientId;
            AuthCallback callback = params -> {
                tokenRequests.incrementAndGet();
                TokenParams p = TokenParams.builder().ttl(ttl).clientId(id).build();
                return rest.auth().createTokenRequest(p, null).thenApply(AuthCallback.Result::of);
            };
            b.authOptions(AuthOptions.builder().authCallback(callback).build()).clientId(clientId);
        } else {
            b.key(EmulatorHost.KEY).allowInsecureBasicAuthForLocalDevelopment(true);
        }
        RealtimeClient c = new RealtimeClient(b.build());
        this.client = c;
        c.connection().on(change -> {
            if (change.current() == ConnectionState.CONNECTED) {
                String id = c.connection().id();
                String previous = connectionId;
                if (previous != null && !previous.equals(id)) {
                    connectionIdChanges.incrementAndGet();
                    ledger.publisherReconnected(index);
                }
                connectionId = id;
            }
        });
        for (int ch = 0; ch < config.channels(); ch++) {
            RealtimeChannel channel = c.channels().get(SoakRun.channelName(ch));
            channels.add(channel);
            int chIndex = ch;
            channel.on(change -> {
                if (change.current() == ChannelState.ATTACHED && !change.resumed()) {
                    ledger.segmentStarted(index, chIndex);
                }
            });
            channel.subscribe(MESSAGE_NAME, m -> {
                if (m.data() instanceof String s) {
                    int colon = s.indexOf(':');
                    ledger.received(
                            index,
                            chIndex,
                            Integer.parseInt(s.substring(0, colon)),
                            Integer.parseInt(s.substring(colon + 1)));
                }
            });
        }
    }

    /** Connects and attaches every channel (the attaches complete later). */
    void start() {
        RealtimeClient c = client();
        c.connect();
        for (RealtimeChannel ch : channels) {
            CompletableFuture<?> unused = ch.attach();
        }
    }

    RealtimeClient client() {
        RealtimeClient c = client;
        if (c == null) {
            throw new IllegalStateException("closed");
        }
        return c;
    }

    /** The id of the connection last reported CONNECTED, or null before the first. */
    @Nullable
    String connectionId() {
        return connectionId;
    }

    boolean isPresenceMember() {
        return clientId != null;
    }

    @Nullable
    String clientId() {
        return clientId;
    }

    /** Publishes the next numbered message on channel {@code ch}; the outcome goes to the ledger. */
    void publish(int ch) {
        int seq = ledger.publishing(index, ch);
        CompletableFuture<?> unused = channels.get(ch)
                .publish(MESSAGE_NAME, index + ":" + seq)
                .whenComplete((r, e) -> {
                    if (e == null) {
                        ledger.acked(index, ch, seq);
                    } else {
                        ledger.failed(index, ch, seq, code(e));
                    }
                });
    }

    /** Publishes a message and returns its sequence number and a future completed once it is ACKed. */
    int publishFinal(int ch, List<CompletableFuture<?>> acks) {
        int seq = ledger.publishing(index, ch);
        CompletableFuture<?> ack = channels.get(ch)
                .publish(MESSAGE_NAME, index + ":" + seq)
                .whenComplete((r, e) -> {
                    if (e == null) {
                        ledger.acked(index, ch, seq);
                    } else {
                        ledger.failed(index, ch, seq, code(e));
                    }
                });
        acks.add(ack);
        return seq;
    }

    /** Enters or leaves (toggles) this client's member on presence channel {@code ch}. */
    void togglePresence(int ch) {
        presenceWanted[ch] = !presenceWanted[ch];
        CompletableFuture<?> unused = applyPresence(ch); // failures are counted; the state is sent again after faults
    }

    /** Sends the wanted presence state of channel {@code ch} again (after faults, so a failed call does not count). */
    CompletableFuture<Void> applyPresence(int ch) {
        presenceOps.incrementAndGet();
        RealtimeChannel channel = channels.get(ch);
        CompletableFuture<Void> f = presenceWanted[ch]
                ? channel.presence().enter("here")
                : channel.presence().leave(null);
        return f.whenComplete((r, e) -> {
            if (e != null) {
                presenceFailures.incrementAndGet();
            }
        });
    }

    boolean presenceWanted(int ch) {
        return presenceWanted[ch];
    }

    RealtimeChannel channel(int ch) {
        return channels.get(ch);
    }

    List<RealtimeChannel> channels() {
        return channels;
    }

    /** The clientIds present on channel {@code ch} as this client sees them, or null if its sync is not complete. */
    @Nullable
    Set<String> presentClientIds(int ch, Duration timeout) {
        RealtimeChannel channel = channels.get(ch);
        if (channel.state() != ChannelState.ATTACHED) {
            return null;
        }
        try {
            Set<String> ids = new TreeSet<>();
            for (PresenceMessage m : channel.presence().get().await(timeout)) {
                ids.add(String.valueOf(m.clientId()));
            }
            return ids;
        } catch (AblyException e) {
            return null;
        }
    }

    long presenceOperations() {
        return presenceOps.get();
    }

    long presenceFailures() {
        return presenceFailures.get();
    }

    long connectionIdChanges() {
        return connectionIdChanges.get();
    }

    /** Closes the client (waiting for CLOSED) and drops every reference to it. */
    void close() {
        RealtimeClient c = client;
        if (c != null) {
            c.close();
        }
        RestClient r = signer;
        if (r != null) {
            r.close();
        }
        client = null;
        signer = null;
        channels.clear();
    }

    static int code(Throwable e) {
        Throwable t = e;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t instanceof AblyException a ? a.errorInfo().code() : -1;
    }
}
