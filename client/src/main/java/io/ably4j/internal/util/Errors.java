package io.ably4j.internal.util;

import io.ably4j.ChannelState;
import io.ably4j.ConnectionState;
import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import org.jspecify.annotations.Nullable;

/**
 * The Ably error codes this library raises, as named constants (names after ably-common's {@code errors.json}), each
 * with its one HTTP status code, and the one mapping from a connection or channel state to the {@link ErrorInfo} that
 * explains it. A status code is never derived from a code: each factory below states both.
 */
public final class Errors {
    private Errors() {}

    public static final int BAD_REQUEST = 40000;
    /**
     * A blocking wait on the client's callback executor for a future only that executor can complete (ably4j's own use
     * of 40000/400: a misuse of the API, reported at once instead of hanging).
     */
    public static final int BLOCKING_WAIT_ON_CALLBACK_EXECUTOR = BAD_REQUEST;

    public static final int INVALID_PARAMETER_VALUE = 40003;
    public static final int INVALID_CREDENTIAL = 40005;
    public static final int MAX_MESSAGE_SIZE_EXCEEDED = 40009;
    public static final int INVALID_CHANNEL_NAME = 40010;
    public static final int INVALID_CLIENT_ID = 40012;
    public static final int INVALID_DATA_OR_ENCODING = 40013;
    /** A vcdiff delta could not be applied, or refers to another base message (RTL18, RTL20). */
    public static final int DELTA_DECODE_FAILED = 40018;
    /** A vcdiff delta received without a vcdiff decoder (PC3). */
    public static final int VCDIFF_DECODER_MISSING = 40019;

    public static final int INCOMPATIBLE_CREDENTIALS = 40102;
    public static final int BASIC_AUTH_OVER_NON_TLS = 40103;
    public static final int NO_AUTHENTICATION_METHOD = 40106;
    /** The first code of the token error range 40140-40149 (RTN14b, RTN15h). */
    public static final int TOKEN_ERROR_FIRST = 40140;
    /** The last code of the token error range. */
    public static final int TOKEN_ERROR_LAST = 40149;

    public static final int TOKEN_EXPIRED = 40142;
    public static final int CAPABILITY_DENIED = 40160;
    /** revokeTokens() with token auth (RSA17d). */
    public static final int REVOKE_NEEDS_BASIC_AUTH = 40162;

    public static final int TOKEN_RENEWAL_NOT_CONFIGURED = 40171;
    public static final int INTERNAL_ERROR = 50000;
    public static final int TIMEOUT_ERROR = 50003;
    public static final int CONNECTION_FAILED = 80000;
    public static final int CONNECTION_SUSPENDED = 80002;
    public static final int CONNECTION_DISCONNECTED = 80003;
    public static final int CONNECTION_RECOVERY_FAILED = 80008;
    public static final int CONNECTION_NOT_ESTABLISHED = 80009;
    public static final int CONNECTION_TIMED_OUT = 80014;
    public static final int CONNECTION_CLOSED = 80017;
    public static final int INVALID_CONNECTION_KEY = 80018;
    public static final int TOKEN_REQUEST_FAILED = 80019;
    public static final int CHANNEL_OPERATION_FAILED = 90000;
    public static final int CHANNEL_INVALID_STATE = 90001;
    public static final int CHANNEL_OPERATION_TIMED_OUT = 90007;
    /** Channel detached by the server without an error of its own (RTL13). */
    public static final int CHANNEL_DETACHED = 90198;
    /** Presence entered without a clientId, or with the wildcard clientId, by enter/update/leave (RTP8j). */
    public static final int PRESENCE_NO_CLIENT_ID = 91000;
    /** An automatic presence re-entry failed (RTP17e). */
    public static final int PRESENCE_REENTER_FAILED = 91004;
    /** The presence state is out of sync because the channel is SUSPENDED (RTP11d). */
    public static final int PRESENCE_STATE_OUT_OF_SYNC = 91005;

    /** 40000/400: a bad argument or option. */
    public static ErrorInfo badRequest(String message) {
        return ErrorInfo.of(BAD_REQUEST, 400, message);
    }

    /** An {@link AblyException} for a bad argument (40000/400). */
    public static AblyException badArgument(String message) {
        return new AblyException(badRequest(message));
    }

    /** An {@link AblyException} for {@code code} with its status code from {@link #statusOf(int)}. */
    public static AblyException exception(int code, String message) {
        return new AblyException(ErrorInfo.of(code, statusOf(code), message));
    }

    /** 80003/503: the transport was lost or could not be opened; recoverable (RTN14d, RTN15a). */
    public static ErrorInfo disconnected(String message) {
        return ErrorInfo.of(CONNECTION_DISCONNECTED, 503, message);
    }

    /** 80014/408: no CONNECTED within realtimeRequestTimeout (RTN14c). */
    public static ErrorInfo connectTimeout(String message) {
        return ErrorInfo.of(CONNECTION_TIMED_OUT, 408, message);
    }

    /** 80002/503: the connection state TTL expired (RTN14e). */
    public static ErrorInfo suspended(String message, @Nullable ErrorInfo cause) {
        return ErrorInfo.builder()
                .code(CONNECTION_SUSPENDED)
                .statusCode(503)
                .message(message)
                .cause(cause)
                .build();
    }

    /** 80000/400: the connection failed for good. */
    public static ErrorInfo connectionFailed(String message) {
        return ErrorInfo.of(CONNECTION_FAILED, 400, message);
    }

    /** 80017/400: the connection was closed. */
    public static ErrorInfo connectionClosed(String message) {
        return ErrorInfo.of(CONNECTION_CLOSED, 400, message);
    }

    /** 50000/500: an internal or unexplained failure, e.g. a NACK without an error. */
    public static ErrorInfo internalError(String message) {
        return ErrorInfo.of(INTERNAL_ERROR, 500, message);
    }

    /** 90000/400: a channel operation failed or was abandoned, e.g. an attach superseded by a detach. */
    public static ErrorInfo channelOperationFailed(String message) {
        return ErrorInfo.of(CHANNEL_OPERATION_FAILED, 400, message);
    }

    /** 90198/500: the server detached the channel without an error of its own (RTL13). */
    public static ErrorInfo channelDetached(String message) {
        return ErrorInfo.of(CHANNEL_DETACHED, 500, message);
    }

    /** 40018/400: a vcdiff delta could not be decoded; the channel re-attaches (RTL18). */
    public static ErrorInfo deltaDecodeFailed(String message) {
        return ErrorInfo.of(DELTA_DECODE_FAILED, 400, message);
    }

    /** 40019/400: a vcdiff delta arrived and no vcdiff decoder is configured (PC3). */
    public static ErrorInfo vcdiffDecoderMissing(String message) {
        return ErrorInfo.of(VCDIFF_DECODER_MISSING, 400, message);
    }

    /** 90001/400: a channel operation not allowed in the channel's state. */
    public static ErrorInfo channelInvalidState(String message) {
        return ErrorInfo.of(CHANNEL_INVALID_STATE, 400, message);
    }

    /** 90007/408: no ATTACHED or DETACHED within realtimeRequestTimeout (RTL4f, RTL5f). */
    public static ErrorInfo channelTimeout(String message) {
        return ErrorInfo.of(CHANNEL_OPERATION_TIMED_OUT, 408, message);
    }

    /** {@code t} without the {@link java.util.concurrent.CompletionException} and ExecutionException wrappers. */
    public static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof java.util.concurrent.CompletionException
                        || c instanceof java.util.concurrent.ExecutionException)
                && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    /** Whether {@code e} is a token error (40140-40149 with status 401; RTN14b, RTN15h, RSA4b). */
    public static boolean isTokenError(ErrorInfo e) {
        return e.statusCode() == 401 && e.code() >= TOKEN_ERROR_FIRST && e.code() <= TOKEN_ERROR_LAST;
    }

    /**
     * The error that explains why an operation cannot proceed while the connection is in {@code state} (RTN25, RTL4b,
     * RTL6c4, RTN13b): FAILED 80000/400, SUSPENDED 80002/503, CLOSING and CLOSED 80017/400, DISCONNECTED 80003/503,
     * INITIALIZED and CONNECTING 80009/400. {@code reason}, the connection's errorReason, is used when it is known.
     */
    public static ErrorInfo forConnectionState(ConnectionState state, @Nullable ErrorInfo reason, String operation) {
        if (reason != null && (state == ConnectionState.FAILED || state == ConnectionState.SUSPENDED)) {
            return reason;
        }
        String message = "Cannot " + operation + ": the connection is " + state;
        return switch (state) {
            case FAILED -> ErrorInfo.of(CONNECTION_FAILED, 400, message);
            case SUSPENDED -> ErrorInfo.of(CONNECTION_SUSPENDED, 503, message);
            case CLOSING, CLOSED -> ErrorInfo.of(CONNECTION_CLOSED, 400, message);
            case DISCONNECTED -> ErrorInfo.of(CONNECTION_DISCONNECTED, 503, message);
            case INITIALIZED, CONNECTING, CONNECTED -> ErrorInfo.of(CONNECTION_NOT_ESTABLISHED, 400, message);
        };
    }

    /** The error for an operation refused because the channel is in {@code state} (RTL6c4, RTL5b): 90001/400. */
    public static ErrorInfo forChannelState(ChannelState state, String channel, String operation) {
        return channelInvalidState("Cannot " + operation + " on channel " + channel + ": it is " + state);
    }

    /**
     * The HTTP status code that goes with a code this library raises itself, for the few call sites that choose the
     * code at run time. The codes above with another status are listed; every other code, all of them bad-argument
     * codes today, is 400. Prefer the named factories, which state both.
     */
    public static int statusOf(int code) {
        return switch (code) {
            case INCOMPATIBLE_CREDENTIALS,
                    BASIC_AUTH_OVER_NON_TLS,
                    NO_AUTHENTICATION_METHOD,
                    TOKEN_RENEWAL_NOT_CONFIGURED,
                    TOKEN_EXPIRED,
                    CAPABILITY_DENIED,
                    REVOKE_NEEDS_BASIC_AUTH -> 401;
            case INTERNAL_ERROR, CHANNEL_DETACHED -> 500;
            case TIMEOUT_ERROR -> 504;
            case CONNECTION_SUSPENDED, CONNECTION_DISCONNECTED -> 503;
            case CONNECTION_TIMED_OUT, CHANNEL_OPERATION_TIMED_OUT -> 408;
            default -> 400;
        };
    }
}
