package io.ably4j.it;

import static io.ably4j.it.UtsSandbox.await;
import static io.ably4j.it.UtsSandbox.awaitFailure;
import static io.ably4j.it.UtsSandbox.poll;
import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.AuthCallback.Result;
import io.ably4j.ChannelState;
import io.ably4j.ChannelStateChange;
import io.ably4j.ConnectionEvent;
import io.ably4j.ConnectionState;
import io.ably4j.ConnectionStateChange;
import io.ably4j.LogLevel;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.it.UtsSandbox.Protocol;
import io.ably4j.it.UtsSandbox.StateLog;
import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.Json;
import io.ably4j.types.Message;
import io.ably4j.types.TokenDetails;
import io.ably4j.types.TokenParams;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code authorize()} against the emulator (RTC8): a capability change on a live connection (RTC8a, RTC8a1), while
 * CONNECTING (RTC8b), with an incompatible client id (RTC8a2) and from FAILED (RTC8c).
 */
@Timeout(60)
class AuthorizeIntegrationTest extends TokenAuthIntegrationBase {
    /**
     * {@code authorize()} with params asking for more capability sends AUTH with the new token on the live connection
     * (RTC8a): the connection stays CONNECTED with the same id, emits UPDATE (RTC8a1), and a channel the first token
     * refused can now be attached, while the channel attached before keeps working.
     */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTC8a_authorizeUpgradesCapabilityInPlace(Protocol protocol) throws Exception {
        String a = "cap-a-" + UtsSandbox.randomId();
        String b = "cap-b-" + UtsSandbox.randomId();
        String onlyA = capability(a);
        String both = capability(a, b);
        RealtimeClient client = client(protocol, capabilityHonouringCallback(onlyA));
        List<ConnectionStateChange> changes = new CopyOnWriteArrayList<>();
        client.connection().on(changes::add);
        connect(client);
        String connectionId = client.connection().id();
        RealtimeChannel channelA = client.channels().get(a);
        LinkedBlockingQueue<Message> receivedA = new LinkedBlockingQueue<>();
        channelA.subscribe(receivedA::add);
        await(channelA.attach());
        RealtimeChannel channelB = client.channels().get(b);
        assertThat(awaitFailure(channelB.attach()).errorInfo().code()).isEqualTo(40160);
        assertThat(channelB.state()).isEqualTo(ChannelState.FAILED);

        TokenDetails upgraded = await(
                client.auth().authorize(TokenParams.builder().capability(both).build(), null));

        assertThat(Json.parse(Objects.requireNonNull(upgraded.capability()))).isEqualTo(Json.parse(both));
        assertThat(client.auth().tokenDetails()).isEqualTo(upgraded);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(client.connection().id()).isEqualTo(connectionId);
        assertThat(changes.subList(2, changes.size()))
                .extracting(ConnectionStateChange::event)
                .containsExactly(ConnectionEvent.UPDATE);
        await(channelB.attach()); // RTL4g: from FAILED, attach tries again
        assertThat(channelB.state()).isEqualTo(ChannelState.ATTACHED);
        await(channelB.publish("b", "now allowed"));
        assertThat(channelA.state()).isEqualTo(ChannelState.ATTACHED);
        await(channelA.publish("a", "still flowing"));
        assertThat(poll(receivedA).data()).isEqualTo("still flowing");
    }

    /**
     * {@code authorize()} with less capability: the connection takes the new token (UPDATE, same connection), and
     * Ably fails the attached channel the new token no longer permits with a channel ERROR 40160, which the client
     * reports as the channel's FAILED state change with that reason (RTC8a1); the other channel stays ATTACHED.
     */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTC8a1_authorizeDowngrade_failsTheChannel(Protocol protocol) throws Exception {
        String a = "cap-a-" + UtsSandbox.randomId();
        String b = "cap-b-" + UtsSandbox.randomId();
        RealtimeClient client = client(protocol, capabilityHonouringCallback(capability(a, b)));
        connect(client);
        String connectionId = client.connection().id();
        RealtimeChannel channelA = client.channels().get(a);
        RealtimeChannel channelB = client.channels().get(b);
        await(channelA.attach());
        await(channelB.attach());
        CompletableFuture<ChannelStateChange> bFailed = new CompletableFuture<>();
        channelB.on(change -> {
            if (change.current() == ChannelState.FAILED) {
                bFailed.complete(change);
            }
        });

        await(client.auth()
                .authorize(TokenParams.builder().capability(capability(a)).build(), null));

        ChannelStateChange failed = await(bFailed);
        ErrorInfo reason = Objects.requireNonNull(failed.reason());
        assertThat(reason.code()).isEqualTo(40160);
        assertThat(reason.statusCode()).isEqualTo(401);
        assertThat(channelB.errorReason()).isEqualTo(reason);
        assertThat(channelA.state()).isEqualTo(ChannelState.ATTACHED);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(client.connection().id()).isEqualTo(connectionId);
        await(channelA.publish("a", "still allowed"));
    }

    /**
     * {@code authorize()} while CONNECTING (the first token is still being obtained): the attempt is halted and the
     * client connects with the token authorize obtained (RTC8b), which completes once CONNECTED (RTC8b1); the first
     * token, arriving later, is not the one the connection uses.
     */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTC8b_authorizeWhileConnecting_usesTheNewToken(Protocol protocol) throws Exception {
        String a = "cap-a-" + UtsSandbox.randomId();
        String b = "cap-b-" + UtsSandbox.randomId();
        BlockingQueue<CompletableFuture<Result>> first = new LinkedBlockingQueue<>();
        AtomicInteger calls = new AtomicInteger();
        RealtimeClient client = client(protocol, callback(params -> {
            if (calls.incrementAndGet() == 1) {
                CompletableFuture<Result> pending = new CompletableFuture<>();
                first.add(pending);
                return pending;
            }
            return issue(TokenParams.builder().capability(params.capability()).build())
                    .thenApply(Result::of);
        }));
        StateLog states = new StateLog(client);
        client.connect();
        CompletableFuture<Result> firstToken = poll(first);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTING);

        TokenDetails authorized = await(client.auth()
                .authorize(TokenParams.builder().capability(capability(a, b)).build(), null));

        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        states.await(ConnectionState.CONNECTED);
        assertThat(states.seen()).containsExactly(ConnectionState.CONNECTING, ConnectionState.CONNECTED);
        assertThat(client.auth().tokenDetails()).isEqualTo(authorized);
        await(client.channels().get(b).attach()); // the connection has the authorized token's capability
        firstToken.complete(Result.of(
                await(issue(TokenParams.builder().capability(capability(a)).build()))));
        await(client.channels().get(a).attach());
        assertThat(calls).hasValue(2);
    }

    /**
     * As {@link #RTC8b_authorizeWhileConnecting_usesTheNewToken}, JSON only: the first token, obtained for the
     * halted attempt and arriving after authorize's, must not replace the authorized token as the client's (RSA16a),
     * which later reconnections present. The client logs (DEBUG) that the late token is superseded: the test awaits
     * that line, then checks the current token.
     */
    @Test
    void RTC8b_lateFirstToken_doesNotReplaceTheAuthorizedToken() throws Exception {
        String a = "cap-a-" + UtsSandbox.randomId();
        String b = "cap-b-" + UtsSandbox.randomId();
        BlockingQueue<CompletableFuture<Result>> first = new LinkedBlockingQueue<>();
        BlockingQueue<String> debugLines = new LinkedBlockingQueue<>();
        AtomicInteger calls = new AtomicInteger();
        RealtimeClient client = client(
                Protocol.JSON,
                callback(params -> {
                    if (calls.incrementAndGet() == 1) {
                        CompletableFuture<Result> pending = new CompletableFuture<>();
                        first.add(pending);
                        return pending;
                    }
                    return issue(TokenParams.builder()
                                    .capability(params.capability())
                                    .build())
                            .thenApply(Result::of);
                }),
                o -> o.logLevel(LogLevel.DEBUG).logHandler((level, message, t) -> debugLines.add(message)));
        client.connect();
        CompletableFuture<Result> firstToken = poll(first);
        TokenDetails authorized = await(client.auth()
                .authorize(TokenParams.builder().capability(capability(a, b)).build(), null));

        firstToken.complete(Result.of(
                await(issue(TokenParams.builder().capability(capability(a)).build()))));

        awaitLine(debugLines, "superseded");
        assertThat(client.auth().tokenDetails()).isEqualTo(authorized);
    }

    /**
     * {@code authorize()} obtains a token for another clientId: Ably refuses the AUTH with a connection ERROR 40102,
     * the connection goes FAILED (RTC8a2), and the authorize call fails with that error once Ably answered (RTC8a3).
     */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTC8a2_authorizeWithIncompatibleClientId_fails(Protocol protocol) throws Exception {
        AtomicInteger calls = new AtomicInteger();
        RealtimeClient client = client(protocol, callback(params -> {
            String clientId = calls.incrementAndGet() == 1 ? "alice" : "mallory";
            return issue(TokenParams.builder().clientId(clientId).build()).thenApply(Result::of);
        }));
        StateLog states = new StateLog(client);
        client.connect();
        states.await(ConnectionState.CONNECTED);
        assertThat(client.clientId()).isEqualTo("alice");

        AblyException refused = awaitFailure(client.auth().authorize());

        assertThat(refused.errorInfo().code()).isEqualTo(40102);
        ConnectionStateChange failed = states.await(ConnectionState.FAILED);
        assertThat(states.seen())
                .containsExactly(ConnectionState.CONNECTING, ConnectionState.CONNECTED, ConnectionState.FAILED);
        assertThat(Objects.requireNonNull(failed.reason()).code()).isEqualTo(40102);
        assertThat(client.connection().errorReason()).isEqualTo(failed.reason());
    }

    /**
     * An authCallback failing with an error of statusCode 403 fails the connection (RSA4d: 80019/403 with that cause);
     * {@code authorize()} from FAILED obtains a token and connects with it (RTC8c) once the callback gives one.
     */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTC8c_authorizeFromFailed_connects(Protocol protocol) throws Exception {
        AtomicBoolean forbidden = new AtomicBoolean(true);
        RealtimeClient client = client(protocol, callback(params -> {
            if (forbidden.get()) {
                return CompletableFuture.failedFuture(
                        new AblyException(ErrorInfo.of(40300, 403, "not allowed in yet")));
            }
            return issue(params).thenApply(Result::of);
        }));
        StateLog states = new StateLog(client);
        client.connect();
        ConnectionStateChange failed = states.await(ConnectionState.FAILED);
        ErrorInfo reason = Objects.requireNonNull(failed.reason());
        assertThat(reason.code()).isEqualTo(80019);
        assertThat(reason.statusCode()).isEqualTo(403);
        assertThat(Objects.requireNonNull(reason.cause()).code()).isEqualTo(40300);

        forbidden.set(false);
        TokenDetails details = await(client.auth().authorize());

        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        states.await(ConnectionState.CONNECTED);
        assertThat(client.auth().tokenDetails()).isEqualTo(details);
        assertThat(states.seen())
                .containsExactly(
                        ConnectionState.CONNECTING,
                        ConnectionState.FAILED,
                        ConnectionState.CONNECTING,
                        ConnectionState.CONNECTED);
        assertPublishAndSubscribe(client, null);
    }

    /** Waits for a line containing {@code text}, failing after the deadline. */
    private static void awaitLine(BlockingQueue<String> lines, String text) throws InterruptedException {
        long end = System.nanoTime() + UtsSandbox.DEADLINE.toNanos();
        while (true) {
            String line = lines.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("no log line with '" + text + "' within " + UtsSandbox.DEADLINE);
            }
            if (line.contains(text)) {
                return;
            }
        }
    }
}
