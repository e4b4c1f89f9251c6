package io.ably4j.internal.transport;

import java.util.regex.Pattern;

/** Removes the credentials of a connection URL ({@code key=}, {@code accessToken=}) from text meant for errors or logs. */
public final class UrlCredentials {
    private static final Pattern CREDENTIALS = Pattern.compile("(?<=[?&])(key|accessToken)=[^&\\s]*");

    private UrlCredentials() {}

    /** {@code text} with the value of every {@code key} and {@code accessToken} query parameter replaced. */
    public static String redact(String text) {
        return CREDENTIALS.matcher(text).replaceAll("$1=<redacted>");
    }
}
