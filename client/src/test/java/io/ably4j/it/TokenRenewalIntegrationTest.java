package io.ably4j.it;

import static io.ably4j.it.UtsSandbox.await;
import static io.ably4j.it.UtsSandbox.poll;
import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.AuthCallback;
import io.ably4j.AuthCallback.Result;
import io.ably4j.AuthOptions;
import io.ably4j.ChannelState;
import io.ably4j.ConnectionEvent;
import io.ably4j.ConnectionState;
import io.ably4j.ConnectionStateChange;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.it.UtsSandbox.Protocol;
import io.ably4j.types.Message;
import io.ably4j.types.TokenDetails;
import io.ably4j.types.TokenParams;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Renewal of short-lived tokens on a live connection against the emulator: in place when the emulator asks (RTN22,
 * RTC8a1) without loss, the TokenDetails kept while renewing (RSA16a), and a failed renewal that keeps the connection
 * until the token expires (RSA4c3).
 */
@Timeout(60)
class TokenRenewalIntegrationTest extends TokenAuthIntegrationBase {
    /**
     * A token of twice the emulator's auth request lead is renewed in place when the emulator asks (RTN22): the client
     * answers AUTH with a new token and the connection carries on (RTC8a1). A numbered stream published and received
     * by the token client across two renewals arrives complete and once, in order, at the token client itself and at
     * another client; the token client's user sees only UPDATE events after CONNECTED, on the same connection.
     */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTN22_shortTokenRenewedWhileConnected_withoutLoss(Protocol protocol) throws Exception {
        long ttl = 2 * AUTH_REQUEST_LEAD.toMillis();
        List<TokenDetails> issued = new CopyOnWriteArrayList<>();
        RealtimeClient client = client(
                protocol,
                callback(params -> issue(TokenParams.builder().ttl(ttl).build()).thenApply(td -> {
                    issued.add(td);
                    return Result.of(td);
                })));
        List<ConnectionStateChange> changes = new CopyOnWriteArrayList<>();
        client.connection().on(changes::add);
        connect(client);
        String connectionId = client.connection().id();
        String channelName = "renewal-" + UtsSandbox.randomId();
        RealtimeChannel channel = client.channels().get(channelName);
        LinkedBlockingQueue<Message> echoed = new LinkedBlockingQueue<>();
        channel.subscribe(echoed::add);
        await(channel.attach());
        RealtimeClient observer = keyHolder(protocol);
        RealtimeChannel observed = observer.channels().get(channelName);
        LinkedBlockingQueue<Message> received = new LinkedBlockingQueue<>();
        observed.subscribe(received::add);
        await(observed.attach());

        // publish, one every 20 ms, until two renewals have happened, then a few more
        int sent = 0;
        int after = -1;
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (after < 5) {
            assertThat(System.nanoTime()).as("two renewals within 20 s").isLessThan(end);
            await(channel.publish("n", Integer.toString(sent++)));
            if (after >= 0 || updates(changes) >= 2) {
                after++;
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos()); // paces the stream; waits for no state
        }

        List<String> expected = new ArrayList<>();
        for (int i = 0; i < sent; i++) {
            expected.add(Integer.toString(i));
        }
        assertThat(poll(received, sent)).extracting(Message::data).containsExactlyElementsOf(expected);
        assertThat(poll(echoed, sent)).extracting(Message::data).containsExactlyElementsOf(expected);
        await(client.connection().ping()); // anything more would have arrived before the ping's reply
        await(observer.connection().ping());
        assertThat(received).isEmpty();
        assertThat(echoed).isEmpty();

        assertThat(issued).hasSizeGreaterThanOrEqualTo(3); // the first token and two renewals
        assertThat(client.connection().id()).isEqualTo(connectionId);
        assertThat(changes.get(0).current()).isEqualTo(ConnectionState.CONNECTING);
        assertThat(changes.get(1).current()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(changes.subList(2, changes.size())).isNotEmpty().allSatisfy(c -> {
            assertThat(c.event()).isEqualTo(ConnectionEvent.UPDATE);
            assertThat(c.current()).isEqualTo(ConnectionState.CONNECTED);
        });
        assertThat(Objects.requireNonNull(client.auth().tokenDetails()).token())
                .isIn(issued.stream().map(TokenDetails::token).toList())
                .isNotEqualTo(issued.get(0).token());
        assertThat(channel.state()).isEqualTo(ChannelState.ATTACHED);
    }

    /**
     * While the renewal the server asked for is in progress, the old token is still the one in use, so {@code
     * tokenDetails()} still returns it (RSA16a); it is replaced when the new one is obtained (RSA16c).
     */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RSA16a_tokenDetailsKeptWhileRenewing(Protocol protocol) throws Exception {
        long ttl = 2 * AUTH_REQUEST_LEAD.toMillis();
        BlockingQueue<CompletableFuture<Result>> renewals = new LinkedBlockingQueue<>();
        AtomicBoolean first = new AtomicBoolean(true);
        RealtimeClient client = client(protocol, callback(params -> {
            if (first.getAndSet(false)) {
                return issue(TokenParams.builder().ttl(ttl).build()).thenApply(Result::of);
            }
            CompletableFuture<Result> pending = new CompletableFuture<>();
            renewals.add(pending);
            return pending;
        }));
        connect(client);
        TokenDetails initial = Objects.requireNonNull(client.auth().tokenDetails());

        CompletableFuture<Result> renewal = poll(renewals); // the emulator asked for a new token (RTN22)
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(client.auth().tokenDetails())
                .as("the token in use during renewal")
                .isEqualTo(initial);

        CompletableFuture<@Nullable ConnectionStateChange> update = new CompletableFuture<>();
        client.connection().once(ConnectionEvent.UPDATE, update::complete);
        TokenDetails next = await(
                issue(TokenParams.builder().ttl(Duration.ofHours(1).toMillis()).build()));
        renewal.complete(Result.of(next));
        await(update);
        assertThat(client.auth().tokenDetails()).isEqualTo(next);
    }

    /**
     * The renewal the server asks for fails (the authCallback throws): the connection stays CONNECTED with no state
     * change (RSA4c3) and keeps using the old token until it expires; Ably then disconnects it with 40142, and the
     * client renews the token (the callback works again) and resumes the same connection (RTN15h2).
     */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RSA4c3_failedRenewal_keepsTheConnectionUntilExpiry(Protocol protocol) throws Exception {
        long ttl = 2 * AUTH_REQUEST_LEAD.toMillis();
        AtomicInteger calls = new AtomicInteger();
        AtomicLong failedAt = new AtomicLong();
        RealtimeClient client = client(
                protocol,
                AuthOptions.builder()
                        .authCallback(AuthCallback.blocking(params -> {
                            int call = calls.incrementAndGet();
                            if (call == 2) {
                                failedAt.set(System.currentTimeMillis());
                                throw new IOException("the app server is down");
                            }
                            long t = call == 1 ? ttl : Duration.ofHours(1).toMillis();
                            return Result.of(
                                    await(issue(TokenParams.builder().ttl(t).build())));
                        }))
                        .build());
        List<ConnectionStateChange> changes = new CopyOnWriteArrayList<>();
        client.connection().on(changes::add);
        connect(client);
        String connectionId = client.connection().id();
        long expires = Objects.requireNonNull(
                Objects.requireNonNull(client.auth().tokenDetails()).expires());
        CompletableFuture<@Nullable ConnectionStateChange> disconnected =
                client.connection().whenState(ConnectionState.DISCONNECTED);

        ConnectionStateChange lost = Objects.requireNonNull(await(disconnected));
        assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(expires);
        assertThat(failedAt.get()).as("the failed renewal, before the expiry").isBetween(1L, expires);
        assertThat(lost.previous()).isEqualTo(ConnectionState.CONNECTED); // no change when the renewal failed
        assertThat(Objects.requireNonNull(lost.reason()).code()).isEqualTo(40142);
        await(client.connection().whenState(ConnectionState.CONNECTED));
        assertThat(calls).hasValue(3);
        assertThat(client.connection().id()).isEqualTo(connectionId); // resumed
        assertThat(changes)
                .extracting(ConnectionStateChange::current)
                .containsExactly(
                        ConnectionState.CONNECTING,
                        ConnectionState.CONNECTED,
                        ConnectionState.DISCONNECTED,
                        ConnectionState.CONNECTING,
                        ConnectionState.CONNECTED);
        assertPublishAndSubscribe(client, null);
    }
}
