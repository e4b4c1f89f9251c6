/**
 * Test harness for unit tests: {@link io.ably4j.testing.FakeRuntime} (manual executor, fake clock, mock WebSocket
 * satisfying the UTS mock contract) and the standard protocol message {@link io.ably4j.testing.Fixtures}.
 */
@NullMarked
package io.ably4j.testing;

import org.jspecify.annotations.NullMarked;
