/** Public API of the ably4j emulator: an Ably-compatible server for offline tests and demos. */
@NullMarked
package io.ably4j.emulator;

import org.jspecify.annotations.NullMarked;
