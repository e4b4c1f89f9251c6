package io.ably4j.internal.connection;

import io.ably4j.ConnectionState;
import io.ably4j.internal.util.Errors;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.ProtocolMessage;
import org.jspecify.annotations.Nullable;

/**
 * What interrupts or ends a connection from the server's side or the network's: DISCONNECTED (RTN15h, RTN14d), a
 * connection ERROR (RTN14g, RTN15j, RTN15c4), CLOSED, and a transport that closed (RTN14d, RTN15a), with the token
 * errors among them handed to {@link AuthFlow} (RTN14b, RTN15h2, RSA4a2). Confined to the serial executor; it changes
 * state only through the {@link ConnectionManager}.
 */
final class Interruptions {
    private final ConnectionManager m;

    Interruptions(ConnectionManager manager) {
        this.m = manager;
    }

    void onDisconnectedMessage(ProtocolMessage pm) { // RTN15h
        ErrorInfo error = pm.error() != null ? pm.error() : Errors.disconnected("Disconnected by the server");
        ActiveTransport t = m.currentTransport();
        if (Errors.isTokenError(error)) {
            if (!m.auth().canRenew()) {
                m.toFailed(error); // RTN15h1
                return;
            }
            if ((m.state() == ConnectionState.CONNECTED || m.state() == ConnectionState.CONNECTING)
                    && m.auth().renewAfter(error)) {
                if (m.state() == ConnectionState.CONNECTED) {
                    m.onConnectionLost(error); // RTN15h2: reconnect at once with a new token and resume
                } else {
                    m.restartAttempt(); // RTN14b
                }
                return;
            }
        }
        switch (m.state()) {
            case CONNECTED -> m.onConnectionLost(error); // RTN15h3
            case CONNECTING -> attemptFailed(t, error); // RTN14d; RTN17f1 may allow a fallback
            case CLOSING -> m.toClosed(null);
            default -> m.abandonTransport(); // the server closes it (RTN15h)
        }
    }

    /** The attempt's transport {@code t} failed before CONNECTED. */
    private void attemptFailed(@Nullable ActiveTransport t, ErrorInfo error) {
        ConnectAttempt a = m.currentAttempt();
        if (a != null && t != null && a.owns(t)) {
            a.failed(t, error);
        } else {
            m.abandonTransport();
        }
    }

    void onErrorMessage(ProtocolMessage pm) { // RTN14g, RTN15j, RTN15c4
        ErrorInfo error = pm.error() != null ? pm.error() : Errors.connectionFailed("Connection failed");
        if (Errors.isTokenError(error)
                && m.state() == ConnectionState.CONNECTING
                && m.auth().canRenew()) {
            if (m.auth().renewAfter(error)) { // RTN14b, RTN15c5: renew once and try again
                m.restartAttempt();
            } else { // RTN14b: the renewed token was rejected too
                attemptFailed(m.currentTransport(), error);
            }
            return;
        }
        if (Errors.isTokenError(error) && !m.auth().canRenew()) { // RSA4a2
            error = ErrorInfo.builder()
                    .code(Errors.TOKEN_RENEWAL_NOT_CONFIGURED)
                    .statusCode(401)
                    .message("Token rejected and no means to renew it was provided: " + error.message())
                    .cause(error)
                    .build();
        }
        m.toFailed(error);
    }

    void onClosedMessage(ProtocolMessage pm) {
        if (m.state() == ConnectionState.CLOSING) {
            m.toClosed(null);
        } else if (m.state() == ConnectionState.CONNECTED || m.state() == ConnectionState.CONNECTING) {
            m.log().info("The server closed the connection");
            m.toClosed(pm.error());
        }
    }

    void onTransportClosed(ActiveTransport t, @Nullable ErrorInfo error) {
        ErrorInfo reason = error != null ? error : Errors.disconnected("Connection closed unexpectedly");
        switch (m.state()) {
            case CLOSING -> m.toClosed(null); // RTN12c, and RTN12f when the attempt fails
            case CONNECTING -> attemptFailed(t, reason); // RTN14d; unreachable hosts allow a fallback (RTN17f)
            case CONNECTED -> m.onConnectionLost(reason); // RTN15a
            default -> m.abandonTransport();
        }
    }
}
