package io.ably4j.internal.rest;

import io.ably4j.AblyFuture;
import io.ably4j.BatchResult;
import io.ably4j.TokenRevocationOptions;
import io.ably4j.TokenRevocationResult;
import io.ably4j.TokenRevocationTarget;
import io.ably4j.internal.http.HttpResult;
import io.ably4j.internal.http.RestRequest;
import io.ably4j.internal.protocol.WireFormat;
import io.ably4j.internal.util.ClientFuture;
import io.ably4j.internal.util.Errors;
import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code Auth.revokeTokens} (RSA17): {@code POST /keys/{keyName}/revokeTokens} with body {@code {"targets":
 * ["type:value", ...], "issuedBefore"?, "allowReauthMargin"?}}, sent with the key (basic auth). The answer is a batch
 * result {@code {successCount, failureCount, results}} (Ably's shape for {@code X-Ably-Version} 3 and later) or, from
 * older servers, the bare array of results; each result is a success ({@code target, appliesAt, issuedBefore}, TRS)
 * or a failure ({@code target, error}, TRF). Thread-safe.
 */
public final class TokenRevocations {
    private final RestCore core;

    public TokenRevocations(RestCore core) {
        this.core = core;
    }

    /** See {@link io.ably4j.Auth#revokeTokens}. */
    public AblyFuture<BatchResult<TokenRevocationResult>> revoke(
            @Nullable List<TokenRevocationTarget> targets, @Nullable TokenRevocationOptions options) {
        RestRequest request;
        try {
            request = request(targets, options);
        } catch (AblyException e) {
            return ClientFuture.failed(core.callbacks(), e);
        }
        return core.deliver(core.send(request).thenApply(r -> decode(core.format(), r)));
    }

    private RestRequest request(
            @Nullable List<TokenRevocationTarget> targets, @Nullable TokenRevocationOptions options) {
        String key = core.options().key();
        if (!core.options().usesBasicAuth() || key == null) { // RSA17d
            throw Errors.exception(
                    Errors.REVOKE_NEEDS_BASIC_AUTH, "revokeTokens() needs basic auth (an API key), not token auth");
        }
        if (targets == null || targets.isEmpty()) {
            throw Errors.badArgument("revokeTokens() needs at least one target");
        }
        List<String> specifiers = new ArrayList<>(targets.size());
        for (TokenRevocationTarget t : targets) {
            if (t == null) {
                throw Errors.badArgument("revokeTokens(): a target is null");
            }
            specifiers.add(t.specifier()); // RSA17b
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("targets", specifiers);
        if (options != null && options.issuedBefore() != null) {
            body.put("issuedBefore", options.issuedBefore()); // RSA17e
        }
        if (options != null && options.allowReauthMargin() != null) {
            body.put("allowReauthMargin", options.allowReauthMargin()); // RSA17f
        }
        String keyName = key.substring(0, key.indexOf(':')); // RSA17g
        return RestRequest.builder("POST", "/keys/" + encode(keyName) + "/revokeTokens")
                .body(core.codec().encodeJson(Json.of(body)))
                .build();
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The batch result of a response: {@code {successCount, failureCount, results}}, or a bare array of results. */
    static BatchResult<TokenRevocationResult> decode(WireFormat format, HttpResult response) {
        List<?> results =
                ResponsePage.items(format, response).stream().map(Json::toValue).toList();
        if (results.size() == 1 && results.get(0) instanceof Map<?, ?> m && m.get("results") instanceof List<?> list) {
            results = list; // BAR2
        }
        List<TokenRevocationResult> out = new ArrayList<>(results.size());
        int successes = 0;
        for (Object r : results) {
            if (!(r instanceof Map<?, ?> m) || !(m.get("target") instanceof String target)) {
                throw invalid("a result has no target: " + r);
            }
            if (m.get("error") instanceof Map<?, ?> error) {
                out.add(new TokenRevocationResult.Failure(target, error(error)));
            } else {
                out.add(new TokenRevocationResult.Success(
                        target, number(m.get("appliesAt")), number(m.get("issuedBefore"))));
                successes++;
            }
        }
        return new BatchResult<>(successes, out.size() - successes, out);
    }

    private static ErrorInfo error(Map<?, ?> e) {
        int code = (int) number(e.get("code"));
        int status = (int) number(e.get("statusCode"));
        Object message = e.get("message");
        return ErrorInfo.builder()
                .code(code)
                .statusCode(status != 0 ? status : code / 100)
                .message(message instanceof String s ? s : "token revocation failed")
                .href(e.get("href") instanceof String h ? h : null)
                .build();
    }

    private static long number(@Nullable Object o) {
        return o instanceof Number n ? n.longValue() : 0;
    }

    private static AblyException invalid(String why) {
        return new AblyException(Errors.internalError("Invalid revokeTokens response: " + why));
    }
}
