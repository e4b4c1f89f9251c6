/** End-to-end load programs for the emulator (plain main classes, not JMH). */
@NullMarked
package io.ably4j.bench.emulator;

import org.jspecify.annotations.NullMarked;
