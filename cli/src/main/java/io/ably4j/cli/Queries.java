package io.ably4j.cli;

import io.ably4j.PaginatedResult;
import io.ably4j.types.AblyException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What the REST query commands ({@code history}, {@code stats}) share: reading times and enumerations from the command
 * line, turning the library's parameter checks into usage errors, and printing paginated results. Stateless.
 */
final class Queries {
    private Queries() {}

    /**
     * A time option: milliseconds since the epoch, or an ISO-8601 instant such as {@code 2024-05-01T12:00:00Z}; null
     * when absent.
     */
    static @Nullable Long time(ParsedArgs args, String key) throws UsageException {
        String v = args.get(key);
        if (v == null) {
            return null;
        }
        String t = v.trim();
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            try {
                return Instant.parse(t).toEpochMilli();
            } catch (DateTimeParseException e2) {
                throw new UsageException("--" + key
                        + " must be milliseconds since the epoch or an ISO-8601 time such as 2024-05-01T12:00:00Z, got '"
                        + v + "'");
            }
        }
    }

    /** An enumeration option, case-insensitive; null when absent. */
    static <E extends Enum<E>> @Nullable E choice(ParsedArgs args, String key, Class<E> type) throws UsageException {
        String v = args.get(key);
        if (v == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, v.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            E[] constants = type.getEnumConstants();
            StringBuilder names = new StringBuilder();
            for (int i = 0; i < constants.length; i++) {
                names.append(i == 0 ? "" : i == constants.length - 1 ? " or " : ", ")
                        .append(constants[i].name().toLowerCase(Locale.ROOT));
            }
            throw new UsageException("--" + key + " must be " + names + ", got '" + v + "'");
        }
    }

    /**
     * An integer option without a range of its own: the library checks it (see {@link #checked}). Null when absent.
     */
    static @Nullable Integer integer(ParsedArgs args, String key) throws UsageException {
        return args.has(key) ? args.integer(key, 0, Integer.MIN_VALUE, Integer.MAX_VALUE) : null;
    }

    /**
     * Runs {@code build}, which applies options to one of the library's parameter builders, turning the {@link
     * AblyException} it throws for an invalid value (40003) into a usage error that shows the library's message and
     * code.
     */
    static <P> P checked(Supplier<P> build) throws UsageException {
        try {
            return build.get();
        } catch (AblyException e) {
            throw new UsageException("invalid query: " + e.errorInfo().message() + " (code "
                    + e.errorInfo().code() + ")");
        }
    }

    /**
     * Prints the items of {@code page}, one {@code render}ed item per {@code println}, and with {@code all} those of
     * every following page, fetched one after the other with {@link PaginatedResult#next()}. Without {@code all}, a
     * dim note on standard error tells when there are more pages.
     *
     * @return the number of items printed
     */
    static <T> int print(PaginatedResult<T> page, boolean all, CliContext ctx, Function<T, String> render)
            throws Clients.StoppedException, InterruptedException {
        int count = 0;
        PaginatedResult<T> current = page;
        while (true) {
            for (T item : current.items()) {
                ctx.out().println(render.apply(item));
                count++;
            }
            if (!current.hasNext()) {
                return count;
            }
            if (!all) {
                ctx.err().println(ctx.style().dim("more on the next pages: add --all to print them all"));
                return count;
            }
            @Nullable
            PaginatedResult<T> next =
                    Clients.await(current.next(), ctx, Clients.REQUEST_TIMEOUT, 50003, "fetching the next page");
            if (next == null) {
                return count;
            }
            current = next;
        }
    }
}
