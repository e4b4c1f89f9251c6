/**
 * Side-by-side benchmark of ably4j and ably-java 1.5.0 against one emulator: {@link io.ably4j.bench.sdk.SideBySide}
 * (the driver) runs each scenario in a fresh {@link io.ably4j.bench.sdk.Worker} JVM per SDK, alternating the order.
 */
@NullMarked
package io.ably4j.bench.sdk;

import org.jspecify.annotations.NullMarked;
