/** Immutable Ably value types shared by the client and the emulator. */
@NullMarked
package io.ably4j.types;

import org.jspecify.annotations.NullMarked;
