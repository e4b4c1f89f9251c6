package io.ably4j.types;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An Ably error: an Ably error {@code code}, an HTTP-like {@code statusCode}, a message and optional details. Spec:
 * TI1. Codes are those of Ably's {@code errors.json} (TI3).
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class ErrorInfo {
    private static final String HELP_URL = "https://help.ably.io/error/";

    private final int code;
    private final int statusCode;
    private final String message;
    private final @Nullable String href;
    private final @Nullable String requestId;
    private final @Nullable ErrorInfo cause;
    private final Map<String, String> detail;

    private ErrorInfo(Builder b) {
        this.code = b.code;
        this.statusCode = b.statusCode;
        this.message = b.message;
        this.href = b.href;
        this.requestId = b.requestId;
        this.cause = b.cause;
        this.detail = b.detail.isEmpty()
                ? Collections.emptyMap()
                : Collections.unmodifiableMap(new LinkedHashMap<>(b.detail));
    }

    /**
     * An error with the given Ably code, status code and message.
     *
     * @param code the Ably error code, e.g. 40140
     * @param statusCode the HTTP status code, e.g. 401
     * @param message a human-readable description
     * @return the new error
     */
    public static ErrorInfo of(int code, int statusCode, String message) {
        return builder().code(code).statusCode(statusCode).message(message).build();
    }

    /** {@return a new builder with every field unset} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder initialised with this error's fields} */
    public Builder toBuilder() {
        Builder b = new Builder()
                .code(code)
                .statusCode(statusCode)
                .message(message)
                .href(href)
                .requestId(requestId)
                .cause(cause);
        b.detail.putAll(detail);
        return b;
    }

    /** {@return the Ably error code, such as 40140; 0 when the server sent none} */
    public int code() {
        return code;
    }

    /** {@return the HTTP-like status code, such as 401; 0 when the server sent none} */
    public int statusCode() {
        return statusCode;
    }

    /** {@return the human-readable message; empty when the server sent none} */
    public String message() {
        return message;
    }

    /** {@return a help URL sent by the server, or null if none} Spec: TI4. */
    public @Nullable String href() {
        return href;
    }

    /** {@return the request id of the failed REST request, or null if none} Spec: RSC7c. */
    public @Nullable String requestId() {
        return requestId;
    }

    /** {@return the underlying error, or null if none} */
    public @Nullable ErrorInfo cause() {
        return cause;
    }

    /** {@return structured metadata; empty when absent} Spec: TI6. */
    public Map<String, String> detail() {
        return detail;
    }

    /**
     * {@return the URL that explains this error: {@link #href()} if present, otherwise Ably's help page for the code,
     * or {@code null} when there is neither} Spec: TI5.
     */
    public @Nullable String helpUrl() {
        if (href != null) {
            return href;
        }
        return code != 0 ? HELP_URL + code : null;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ErrorInfo e)) {
            return false;
        }
        return code == e.code
                && statusCode == e.statusCode
                && message.equals(e.message)
                && Objects.equals(href, e.href)
                && Objects.equals(requestId, e.requestId)
                && Objects.equals(cause, e.cause)
                && detail.equals(e.detail);
    }

    @Override
    public int hashCode() {
        return Objects.hash(code, statusCode, message, href, requestId, cause, detail);
    }

    /** The message, codes and a help URL unless the message already contains it. Spec: TI5. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(message.isEmpty() ? "(no message)" : message);
        sb.append(" (code=")
                .append(code)
                .append(", statusCode=")
                .append(statusCode)
                .append(')');
        String url = helpUrl();
        if (url != null && !message.contains(url)) {
            sb.append(" See ").append(url);
        }
        if (cause != null) {
            sb.append("; cause: ").append(cause);
        }
        return sb.toString();
    }

    /** Builds {@link ErrorInfo} values. Not thread-safe. */
    public static final class Builder {
        private int code;
        private int statusCode;
        private String message = "";
        private @Nullable String href;
        private @Nullable String requestId;
        private @Nullable ErrorInfo cause;
        private final Map<String, String> detail = new LinkedHashMap<>();

        private Builder() {}

        /**
         * Sets {@link ErrorInfo#code()}.
         *
         * @param code the Ably error code, such as 40140; 0 when the server sent none
         * @return this builder
         */
        public Builder code(int code) {
            this.code = code;
            return this;
        }

        /**
         * Sets {@link ErrorInfo#statusCode()}.
         *
         * @param statusCode the HTTP-like status code, such as 401; 0 when the server sent none
         * @return this builder
         */
        public Builder statusCode(int statusCode) {
            this.statusCode = statusCode;
            return this;
        }

        /**
         * Sets the message; {@code null} means none (stored as empty).
         *
         * @param message the message; {@code null} means none (stored as empty)
         * @return this builder
         */
        public Builder message(@Nullable String message) {
            this.message = message == null ? "" : message;
            return this;
        }

        /**
         * Sets {@link ErrorInfo#href()}.
         *
         * @param href a help URL sent by the server, or null
         * @return this builder
         */
        public Builder href(@Nullable String href) {
            this.href = href;
            return this;
        }

        /**
         * Sets {@link ErrorInfo#requestId()}.
         *
         * @param requestId the request id of the failed REST request, or null
         * @return this builder
         */
        public Builder requestId(@Nullable String requestId) {
            this.requestId = requestId;
            return this;
        }

        /**
         * Sets {@link ErrorInfo#cause()}.
         *
         * @param cause the underlying error, or null
         * @return this builder
         */
        public Builder cause(@Nullable ErrorInfo cause) {
            this.cause = cause;
            return this;
        }

        /**
         * Adds one detail entry. Spec: TI6.
         *
         * @param key the detail key
         * @param value the detail value
         * @return this builder
         */
        public Builder detail(String key, String value) {
            detail.put(Values.requireArg(key, "detail key"), Values.requireArg(value, "detail value"));
            return this;
        }

        /** {@return a new {@code ErrorInfo} with the fields set on this builder} */
        public ErrorInfo build() {
            return new ErrorInfo(this);
        }
    }
}
