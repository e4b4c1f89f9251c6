package io.ably4j.types;

/** Temporary: keeps the package non-empty until the value types land. */
final class Placeholder {
    private Placeholder() {}
}
