/**
 * Delta-compressed messages (RTL18-RTL20, PC3): the per-channel base payload and ably4j's own VCDIFF
 * decoder (RFC 3284).
 */
@NullMarked
package io.ably4j.internal.delta;

import org.jspecify.annotations.NullMarked;
