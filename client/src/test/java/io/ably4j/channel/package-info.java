/** Unit tests of channels and publishing, translated from the UTS realtime channel specs. */
@NullMarked
package io.ably4j.channel;

import org.jspecify.annotations.NullMarked;
