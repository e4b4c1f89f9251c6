/**
 * Unit tests of HTTP requests with host fallback and the endpoint options, translated from the UTS REST specs
 * ({@code rest/unit/fallback.md}, {@code rest/unit/time.md}) and run through {@link io.ably4j.RealtimeClient#time()}.
 */
@NullMarked
package io.ably4j.rest;

import org.jspecify.annotations.NullMarked;
