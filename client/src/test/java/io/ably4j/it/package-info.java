/** Integration tests against the in-process emulator over real WebSockets. */
@NullMarked
package io.ably4j.it;

import org.jspecify.annotations.NullMarked;
