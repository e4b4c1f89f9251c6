package io.ably4j.cli;

import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/** Turns failures into clear messages for the terminal. Stateless. */
final class Errors {
    private Errors() {}

    /** Strips {@link CompletionException} and {@link ExecutionException} wrappers. */
    static Throwable unwrap(Throwable t) {
        Throwable cur = t;
        while ((cur instanceof CompletionException || cur instanceof ExecutionException) && cur.getCause() != null) {
            cur = cur.getCause();
        }
        return cur;
    }

    /** The {@link ErrorInfo} behind {@code t}, or null if it is not an {@link AblyException}. */
    static @Nullable ErrorInfo errorInfo(Throwable t) {
        return unwrap(t) instanceof AblyException e ? e.errorInfo() : null;
    }

    /**
     * Describes {@code t} in a few lines: for an Ably error its message, code, HTTP status, help URL and causes, e.g.
     *
     * <pre>
     * error: Invalid key (code 40101, status 401)
     *   help: https://help.ably.io/error/40101
     * </pre>
     */
    static String describe(Throwable t, Style style) {
        Throwable u = unwrap(t);
        StringBuilder sb = new StringBuilder(style.red(style.bold("error:"))).append(' ');
        if (u instanceof AblyException e) {
            appendInfo(sb, e.errorInfo(), "");
        } else {
            String msg = u.getMessage();
            sb.append(msg == null || msg.isBlank() ? u.getClass().getSimpleName() : msg);
        }
        return sb.toString();
    }

    private static void appendInfo(StringBuilder sb, ErrorInfo info, String indent) {
        sb.append(info.message()).append(" (code ").append(info.code());
        if (info.statusCode() != 0) {
            sb.append(", status ").append(info.statusCode());
        }
        sb.append(')');
        String help = info.helpUrl();
        if (help != null) {
            sb.append('\n').append(indent).append("  help: ").append(help);
        }
        ErrorInfo cause = info.cause();
        if (cause != null && !cause.equals(info)) {
            sb.append('\n').append(indent).append("  caused by: ");
            appendInfo(sb, cause, indent + "  ");
        }
    }
}
