/** Unit tests of realtime presence (RTP), translated from the UTS realtime presence specs. */
@NullMarked
package io.ably4j.presence;

import org.jspecify.annotations.NullMarked;
