package io.ably4j;

import io.ably4j.internal.auth.TokenRequestSigner;
import io.ably4j.internal.util.Errors;
import io.ably4j.internal.util.OptionChecks;
import io.ably4j.types.TokenDetails;
import io.ably4j.types.TokenParams;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How a client authenticates: an API key (basic auth, or signing token requests locally), a fixed token, or a means to
 * obtain tokens ({@link #authCallback()}, {@link #authUrl()}). Spec: AO1, AO2, TO3j. Immutable; build with {@link
 * #builder()}. {@link ClientOptions} holds one; {@link Auth#authorize} and {@link Auth#requestToken} accept one to
 * replace the client's for that call (RSA8e, RSA10).
 *
 * <p>Token auth is used when {@link #useTokenAuth()} is set or a token, token details, authCallback or authUrl is
 * given (RSA4); otherwise the key is sent as basic auth. {@link #toString()} never shows the key secret, tokens or
 * header values.
 */
public final class AuthOptions {
    private static final AuthOptions NONE = new Builder().build();
    /** Headers the JDK HTTP client sets itself and refuses from callers, lower case. */
    private static final Set<String> RESTRICTED_HEADERS =
            Set.of("connection", "content-length", "expect", "host", "upgrade");

    private final @Nullable String key;
    private final @Nullable String token;
    private final @Nullable TokenDetails tokenDetails;
    private final @Nullable AuthCallback authCallback;
    private final @Nullable URI authUrl;
    private final String authMethod;
    private final Map<String, String> authHeaders;
    private final Map<String, String> authParams;
    private final boolean queryTime;
    private final TokenParams defaultTokenParams;
    private final boolean useTokenAuth;

    private AuthOptions(Builder b) {
        this.key = b.key;
        this.token = b.token;
        this.tokenDetails = b.tokenDetails;
        this.authCallback = b.authCallback;
        this.authUrl = b.authUrl;
        this.authMethod = b.authMethod;
        this.authHeaders = Map.copyOf(b.authHeaders);
        this.authParams = Map.copyOf(b.authParams);
        this.queryTime = b.queryTime;
        this.defaultTokenParams = b.defaultTokenParams;
        this.useTokenAuth = b.useTokenAuth;
    }

    /** {@return a builder with nothing set} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Options with nothing set.
     *
     * @return options with no credentials and every other value at its default
     */
    public static AuthOptions none() {
        return NONE;
    }

    /** {@return a builder initialised with these options} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.key = key;
        b.token = token;
        b.tokenDetails = tokenDetails;
        b.authCallback = authCallback;
        b.authUrl = authUrl;
        b.authMethod = authMethod;
        b.authHeaders.putAll(authHeaders);
        b.authParams.putAll(authParams);
        b.queryTime = queryTime;
        b.defaultTokenParams = defaultTokenParams;
        b.useTokenAuth = useTokenAuth;
        return b;
    }

    /** {@return the API key ({@code keyName:keySecret}), or null} Spec: AO2a. */
    public @Nullable String key() {
        return key;
    }

    /** {@return the key's name (the part before {@code :}), or null} */
    public @Nullable String keyName() {
        return key == null ? null : key.substring(0, key.indexOf(':'));
    }

    /** {@return a token string (an Ably token or a JWT), or null} Spec: TO3j2. */
    public @Nullable String token() {
        return token;
    }

    /** {@return a token with its details, or null} Spec: TO3j3. */
    public @Nullable TokenDetails tokenDetails() {
        return tokenDetails;
    }

    /** {@return the callback that obtains tokens, or null} Spec: AO2b. */
    public @Nullable AuthCallback authCallback() {
        return authCallback;
    }

    /** {@return the URL that serves tokens, or null} Spec: AO2c. */
    public @Nullable URI authUrl() {
        return authUrl;
    }

    /** {@return {@code GET} (default) or {@code POST} for {@link #authUrl()}} Spec: AO2d. */
    public String authMethod() {
        return authMethod;
    }

    /**
     * Headers sent to {@link #authUrl()}. Spec: AO2e.
     *
     * @return the headers sent to the authUrl; empty when none, unmodifiable
     */
    public Map<String, String> authHeaders() {
        return authHeaders;
    }

    /**
     * Parameters sent to {@link #authUrl()}. Spec: AO2f.
     *
     * @return the params sent to the authUrl; empty when none, unmodifiable
     */
    public Map<String, String> authParams() {
        return authParams;
    }

    /** {@return whether token requests take their timestamp from Ably's clock; default false} Spec: AO2g, RSA9d. */
    public boolean queryTime() {
        return queryTime;
    }

    /** {@return token params used when a call gives none} Spec: TO3j11, RSA7d. */
    public TokenParams defaultTokenParams() {
        return defaultTokenParams;
    }

    /** {@return whether to use token auth even with only a key} Spec: AO2j, RSA4. */
    public boolean useTokenAuth() {
        return useTokenAuth;
    }

    /**
     * {@return whether these options mean token auth: useTokenAuth, or a token, token details, callback or URL} Spec:
     * RSA4.
     */
    public boolean usesTokenAuth() {
        return useTokenAuth || token != null || tokenDetails != null || authCallback != null || authUrl != null;
    }

    /**
     * {@return whether these options can obtain a new token when one expires: a key, a callback or a URL} Spec: RSA4a,
     * RSA4b.
     */
    public boolean canRenewToken() {
        return key != null || authCallback != null || authUrl != null;
    }

    /** {@return whether anything at all is set: a key, a token or a means to get one} */
    public boolean hasCredentials() {
        return key != null || token != null || tokenDetails != null || authCallback != null || authUrl != null;
    }

    @Override
    public String toString() {
        return "AuthOptions{keyName=" + keyName() + ", token=" + (token == null ? "none" : "<redacted>")
                + ", tokenDetails=" + (tokenDetails == null ? "none" : "<redacted>")
                + ", authCallback=" + (authCallback != null) + ", authUrl="
                + (authUrl == null
                        ? null
                        : authUrl.getScheme() + "://" + authUrl.getHost() + portOf(authUrl) + authUrl.getPath())
                + ", authMethod=" + authMethod + ", authHeaders=" + authHeaders.keySet() + ", queryTime=" + queryTime
                + ", useTokenAuth=" + useTokenAuth + '}';
    }

    private static String portOf(URI uri) {
        return uri.getPort() < 0 ? "" : ":" + uri.getPort(); // never the user info, which may hold a password
    }

    /** A mutable builder for {@link AuthOptions}; not thread-safe. */
    public static final class Builder {
        private @Nullable String key;
        private @Nullable String token;
        private @Nullable TokenDetails tokenDetails;
        private @Nullable AuthCallback authCallback;
        private @Nullable URI authUrl;
        private String authMethod = "GET";
        private final Map<String, String> authHeaders = new LinkedHashMap<>();
        private final Map<String, String> authParams = new LinkedHashMap<>();
        private boolean queryTime;
        private TokenParams defaultTokenParams = TokenParams.empty();
        private boolean useTokenAuth;

        private Builder() {}

        /**
         * The API key, {@code keyName:keySecret}; null clears it.
         *
         * @param key the API key, {@code keyName:keySecret}; null clears it
         * @return this builder
         * @throws io.ably4j.types.AblyException 40005 if it is not of that form
         */
        public Builder key(@Nullable String key) {
            if (key != null) {
                TokenRequestSigner.checkKey(key);
            }
            this.key = key;
            return this;
        }

        /**
         * A token string (an Ably token or a JWT); null clears it.
         *
         * @param token a token string (an Ably token or a JWT); null clears it
         * @return this builder
         * @throws io.ably4j.types.AblyException 40106 if it is empty
         */
        public Builder token(@Nullable String token) {
            if (token != null && token.isEmpty()) {
                throw Errors.exception(Errors.NO_AUTHENTICATION_METHOD, "Token must not be empty");
            }
            this.token = token;
            return this;
        }

        /**
         * A token with its details; null clears it.
         *
         * @param tokenDetails a token with its details; null clears it
         * @return this builder
         */
        public Builder tokenDetails(@Nullable TokenDetails tokenDetails) {
            this.tokenDetails = tokenDetails;
            return this;
        }

        /**
         * See {@link AuthCallback}; null clears it.
         *
         * @param authCallback the callback that obtains tokens, or null
         * @return this builder
         */
        public Builder authCallback(@Nullable AuthCallback authCallback) {
            this.authCallback = authCallback;
            return this;
        }

        /**
         * The URL that serves tokens; null clears it. Spec: RSA8c.
         *
         * @param authUrl the URL that serves tokens; null clears it
         * @return this builder
         * @throws io.ably4j.types.AblyException 40000 if it is not an absolute http or https URL
         */
        public Builder authUrl(@Nullable String authUrl) {
            this.authUrl = authUrl == null ? null : OptionChecks.httpUrl(authUrl, "authUrl");
            return this;
        }

        /**
         * {@code GET} or {@code POST}. Spec: RSA8c1.
         *
         * @param method {@code GET} or {@code POST}
         * @return this builder
         * @throws io.ably4j.types.AblyException 40000 for another method
         */
        public Builder authMethod(String method) {
            String m = OptionChecks.notNull(method, "authMethod").toUpperCase(Locale.ROOT);
            if (!m.equals("GET") && !m.equals("POST")) {
                throw Errors.badArgument("authMethod must be GET or POST, got " + method);
            }
            this.authMethod = m;
            return this;
        }

        /**
         * Replaces the headers sent to the authUrl. Spec: RSA8c3.
         *
         * @param headers the headers sent to the authUrl (copied)
         * @return this builder
         * @throws io.ably4j.types.AblyException 40000 if a name is not an HTTP token (RFC 9110: letters, digits and
         * {@code !#$%&'*+-.^_`|~}), a value holds a control character other than tab (CR and LF among them) or a
         * character beyond Latin-1, or a name is one the HTTP client sets itself ({@code Connection}, {@code
         * Content-Length}, {@code Expect}, {@code Host}, {@code Upgrade})
         */
        public Builder authHeaders(Map<String, String> headers) {
            OptionChecks.notNull(headers, "authHeaders").forEach((k, v) -> {
                checkHeaderName(OptionChecks.notNull(k, "authHeaders name"));
                checkHeaderValue(k, OptionChecks.notNull(v, "authHeaders value"));
            });
            authHeaders.clear();
            authHeaders.putAll(headers);
            return this;
        }

        /**
         * Replaces the params sent to the authUrl. Spec: RSA8c1, RSA8c2.
         *
         * @param params the params sent to the authUrl (copied)
         * @return this builder
         */
        public Builder authParams(Map<String, String> params) {
            OptionChecks.notNull(params, "authParams").forEach((k, v) -> {
                OptionChecks.notNull(k, "authParams name");
                OptionChecks.notNull(v, "authParams value");
            });
            authParams.clear();
            authParams.putAll(params);
            return this;
        }

        /**
         * See {@link AuthOptions#queryTime()}.
         *
         * @param queryTime whether token requests take their timestamp from Ably's clock; default false
         * @return this builder
         */
        public Builder queryTime(boolean queryTime) {
            this.queryTime = queryTime;
            return this;
        }

        /**
         * See {@link AuthOptions#defaultTokenParams()}.
         *
         * @param params token params used when a call gives none
         * @return this builder
         */
        public Builder defaultTokenParams(TokenParams params) {
            this.defaultTokenParams = OptionChecks.notNull(params, "defaultTokenParams");
            return this;
        }

        /**
         * See {@link AuthOptions#useTokenAuth()}.
         *
         * @param useTokenAuth whether to use token auth even with only a key
         * @return this builder
         */
        public Builder useTokenAuth(boolean useTokenAuth) {
            this.useTokenAuth = useTokenAuth;
            return this;
        }

        /** {@return the options set on this builder} */
        public AuthOptions build() {
            return new AuthOptions(this);
        }

        private static void checkHeaderName(String name) {
            if (name.isEmpty()) {
                throw Errors.badArgument("authHeaders: a header name must not be empty");
            }
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                boolean token = (c >= 'a' && c <= 'z')
                        || (c >= 'A' && c <= 'Z')
                        || (c >= '0' && c <= '9')
                        || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
                if (!token) {
                    throw Errors.badArgument("authHeaders: the header name '" + printable(name)
                            + "' is not an HTTP token (character " + (int) c + " at " + i + ")");
                }
            }
            if (RESTRICTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                throw Errors.badArgument("authHeaders: the header " + name + " is set by the HTTP client");
            }
        }

        /** The value is never quoted: it may be a secret. */
        private static void checkHeaderValue(String name, String value) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
                    throw Errors.badArgument("authHeaders: the value of " + name + " holds character " + (int) c
                            + " at " + i + "; CR, LF and other control characters are not allowed");
                }
            }
        }

        /** {@code s} with control characters shown as {@code ?}, for a message. */
        private static String printable(String s) {
            StringBuilder sb = new StringBuilder(s.length());
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                sb.append(c < 0x20 || c == 0x7f ? '?' : c);
            }
            return sb.toString();
        }
    }
}
