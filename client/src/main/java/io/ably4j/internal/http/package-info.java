/** The HTTP layer: the transport seam, requests with host fallback, the connectivity check. */
@NullMarked
package io.ably4j.internal.http;

import org.jspecify.annotations.NullMarked;
