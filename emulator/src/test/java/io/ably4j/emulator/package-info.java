/** Emulator tests. */
@NullMarked
package io.ably4j.emulator;

import org.jspecify.annotations.NullMarked;
