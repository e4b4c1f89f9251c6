/** Interop tests: the official Ably SDKs (ably-js 2.28.0, ably-java 1.5.0) against the ably4j emulator. */
@NullMarked
package io.ably4j.interop;

import org.jspecify.annotations.NullMarked;
