package io.ably4j.internal.protocol;

/** Temporary: keeps the package non-empty until the codecs land. */
final class Placeholder {
    private Placeholder() {}
}
