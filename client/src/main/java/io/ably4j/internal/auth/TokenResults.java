package io.ably4j.internal.auth;

import static io.ably4j.internal.auth.TokenFetcher.MAX_TOKEN_BYTES;
import static io.ably4j.internal.auth.TokenFetcher.TOKEN_CALLBACK_FAILED;

import io.ably4j.AuthCallback;
import io.ably4j.internal.auth.TokenFetcher.Purpose;
import io.ably4j.internal.util.Errors;
import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.TokenDetails;
import io.ably4j.types.TokenRequest;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The checking and typing of a {@link TokenFetcher}'s results and failures: the size and format checks of a token,
 * TokenDetails or TokenRequest from the authCallback or authUrl (RSA4f), the {@link StepFailure} a failed step is
 * typed as, and the mapping of a failure to the exception a fetch fails with, by {@link Purpose} (RSA4c, RSA4d,
 * RSA4e); see {@link TokenFetcher}'s class comment for the rules. Messages never quote a token, key secret or mac.
 *
 * <p>Thread-safe: static functions without state.
 */
final class TokenResults {
    private TokenResults() {}

    /** {@code r} if it is a valid token, TokenDetails or TokenRequest (RSA4f); else a StepFailure. */
    static AuthCallback.Result checked(AuthCallback.Result r, String source) {
        String token = r.token();
        TokenDetails details = r.tokenDetails();
        TokenRequest request = r.tokenRequest();
        if (token != null) {
            checkToken(token, source);
        } else if (details != null) {
            if (details.token().isEmpty()) {
                throw invalid("the TokenDetails from the " + source + " has an empty token", source);
            }
            checkSize(details.toJson(), "TokenDetails", source);
        } else if (request != null) {
            String keyName = request.keyName();
            if (keyName == null || keyName.isEmpty()) {
                throw invalid("the TokenRequest from the " + source + " has no keyName", source);
            }
            checkSize(request.toJson(), "TokenRequest", source);
        } else {
            throw invalid("the " + source + " gave no token", source);
        }
        return r;
    }

    private static void checkSize(String json, String what, String source) {
        int bytes = json.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_TOKEN_BYTES) {
            throw invalid(
                    "the " + what + " from the " + source + " is " + bytes + " bytes of JSON, over " + MAX_TOKEN_BYTES,
                    source);
        }
    }

    /**
     * The exception a fetch fails with for {@code failure}, by {@code purpose} (see {@link TokenFetcher}'s class
     * comment).
     */
    static AblyException toException(@Nullable Throwable failure, Purpose purpose, String source) {
        Throwable t = failure == null ? new IllegalStateException("no token and no failure") : Errors.unwrap(failure);
        StepFailure f;
        if (t instanceof StepFailure s) {
            f = s;
        } else if (t instanceof AblyException a) { // /time, or the signer
            f = new StepFailure(a.errorInfo(), source, false, a.errorInfo().statusCode() == 403, a);
        } else { // a bug
            f = new StepFailure(Errors.internalError("Token request failed: " + describe(t)), source, false, false, t);
        }
        ErrorInfo underlying = f.errorInfo();
        ErrorInfo error = switch (purpose) {
            case AUTHENTICATE ->
                ErrorInfo.builder()
                        .code(Errors.TOKEN_REQUEST_FAILED)
                        .statusCode(f.forbidden ? 403 : 401)
                        .message("Could not obtain a token with the " + f.source + ": " + underlying.message())
                        .cause(underlying)
                        .build();
            case REQUEST_TOKEN ->
                !f.fromApp || underlying.code() == TOKEN_CALLBACK_FAILED
                        ? underlying
                        : ErrorInfo.builder()
                                .code(TOKEN_CALLBACK_FAILED)
                                .statusCode(401)
                                .message("Could not obtain a token with the " + f.source + ": " + underlying.message())
                                .cause(underlying)
                                .build();
        };
        return new AblyException(error, f.getCause());
    }

    /** An invalid token format (RSA4f): 40170/401. */
    static StepFailure invalid(String why, String source) {
        return new StepFailure(
                ErrorInfo.of(TOKEN_CALLBACK_FAILED, 401, "Invalid token format: " + why + " (RSA4f)"),
                source,
                true,
                false,
                null);
    }

    /** The class and message of {@code t}, for an error message. */
    static String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null || m.isEmpty() ? "" : ": " + m);
    }

    /** A token string result from the authUrl, checked. */
    static AuthCallback.Result tokenResult(String token) {
        checkToken(token, "authUrl");
        return AuthCallback.Result.token(token);
    }

    /** Fails an empty token, {@code null}/{@code undefined}, JSON text (encoded twice) or one over 128 KiB (RSA4f). */
    private static void checkToken(String token, String source) {
        if (token.isEmpty()) {
            throw invalid("the " + source + " gave an empty token", source);
        }
        if (token.equals("null") || token.equals("undefined")) {
            throw invalid("the " + source + " gave the text '" + token + "' as the token", source);
        }
        if (token.startsWith("{")) {
            throw invalid(
                    "the token from the " + source + " is JSON text: a TokenDetails or TokenRequest encoded twice?",
                    source);
        }
        int bytes = token.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_TOKEN_BYTES) {
            throw invalid("the token from the " + source + " is " + bytes + " bytes, over " + MAX_TOKEN_BYTES, source);
        }
    }

    /** A failed step: the underlying error, where it came from, and whether it is a 403 (RSA4d). */
    static final class StepFailure extends AblyException {
        private static final long serialVersionUID = 1L;

        /** {@code authCallback}, {@code authUrl}, {@code requestToken} or {@code key}: for messages. */
        final String source;
        /** The app's mechanism (authCallback, authUrl), not a request to Ably. */
        final boolean fromApp;
        /** A 403: RSA4d. */
        final boolean forbidden;

        StepFailure(ErrorInfo error, String source, boolean fromApp, boolean forbidden, @Nullable Throwable cause) {
            super(error, cause);
            this.source = source;
            this.fromApp = fromApp;
            this.forbidden = forbidden;
        }
    }
}
