package io.ably4j.auth;

import io.ably4j.AuthCallback;
import io.ably4j.AuthOptions;
import io.ably4j.ClientOptions;
import io.ably4j.RealtimeClient;
import io.ably4j.testing.FakeRuntime;
import io.ably4j.testing.Fixtures;
import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import io.ably4j.types.TokenDetails;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** Shared setup of the auth tests: clients with an authCallback, tokens on the fake clock, the UTS messages. */
final class AuthTestSupport {
    private AuthTestSupport() {}

    /** A client whose only credentials are {@code callback}, plus {@code more} options; not yet connected. */
    static RealtimeClient callbackClient(FakeRuntime rt, AuthCallback callback, Consumer<ClientOptions.Builder> more) {
        ClientOptions.Builder b = ClientOptions.builder()
                .authOptions(AuthOptions.builder().authCallback(callback).build())
                .autoConnect(false);
        more.accept(b);
        return rt.client(b.build());
    }

    static RealtimeClient callbackClient(FakeRuntime rt, AuthCallback callback) {
        return callbackClient(rt, callback, b -> {});
    }

    /** UTS {@code TokenDetails(token, expires: now() + 3600000)} on the fake wall clock. */
    static TokenDetails token(FakeRuntime rt, String token) {
        return TokenDetails.builder(token)
                .expires(rt.scheduler.currentTimeMillis() + 3_600_000L)
                .build();
    }

    /** An authCallback answer. */
    static CompletableFuture<AuthCallback.Result> answer(TokenDetails details) {
        return CompletableFuture.completedFuture(AuthCallback.Result.of(details));
    }

    /** UTS {@code THROW ErrorInfo(code, statusCode, message)} from an authCallback. */
    static AblyException ablyError(int code, int statusCode, String message) {
        return new AblyException(ErrorInfo.of(code, statusCode, message));
    }

    /** The UTS CONNECTED template with the given id and key (maxIdleInterval 15 s, connectionStateTtl 120 s). */
    static ProtocolMessage connected(String id, String key) {
        return Fixtures.connected(id, key);
    }

    /** The server's AUTH request (RTN22). */
    static ProtocolMessage authRequest() {
        return ProtocolMessage.of(Action.AUTH);
    }

    /** Every attempt succeeds with CONNECTED("connection-id", "connection-key"); CLOSE is answered with CLOSED. */
    static void serverAcceptsEveryAttempt(FakeRuntime rt) {
        rt.ws.onConnectionAttempt(c -> c.respondWithSuccess(connected("connection-id", "connection-key")));
        answerCloseWithClosed(rt);
    }

    /** The server answers CLOSE with CLOSED on the active connection. */
    static void answerCloseWithClosed(FakeRuntime rt) {
        rt.ws.onMessageFromClient(m -> {
            if (m.action() == Action.CLOSE) {
                rt.ws.activeConnection().sendToClient(Fixtures.closed());
            }
        });
    }
}
