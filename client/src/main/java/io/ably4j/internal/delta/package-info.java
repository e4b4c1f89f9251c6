/**
 * Delta-compressed messages (RTL18-RTL20, PC3): the per-channel base payload and its VCDIFF decoding, and the optional
 * vcdiff-core decoder.
 */
@NullMarked
package io.ably4j.internal.delta;

import org.jspecify.annotations.NullMarked;
