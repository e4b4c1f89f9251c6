/**
 * The ably4j public API: {@link io.ably4j.RealtimeClient}, its {@link io.ably4j.ClientOptions} and the {@link
 * io.ably4j.Connection} it owns.
 */
@NullMarked
package io.ably4j;

import org.jspecify.annotations.NullMarked;
