/** Internal: serial executors, the scheduler abstraction and logging. Not part of the public API. */
@NullMarked
package io.ably4j.internal.util;

import org.jspecify.annotations.NullMarked;
