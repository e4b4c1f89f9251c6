/** Authentication: token acquisition (authCallback, authUrl, signed token requests), renewal and the client id. */
@NullMarked
package io.ably4j.internal.auth;

import org.jspecify.annotations.NullMarked;
