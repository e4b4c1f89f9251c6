/** Internal: the connection state machine and the event emitter. Not part of the public API. */
@NullMarked
package io.ably4j.internal.connection;

import org.jspecify.annotations.NullMarked;
