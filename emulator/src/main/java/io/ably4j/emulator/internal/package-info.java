/** Emulator internals: wire codecs, Netty pipeline, connection, channel and auth state. Not an API. */
@NullMarked
package io.ably4j.emulator.internal;

import org.jspecify.annotations.NullMarked;
