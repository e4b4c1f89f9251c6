/** Wire codecs and data encoding. Internal: not part of the public API. */
@NullMarked
package io.ably4j.internal.protocol;

import org.jspecify.annotations.NullMarked;
