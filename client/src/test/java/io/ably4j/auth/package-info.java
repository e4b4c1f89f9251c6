/** Unit tests of token authentication on the realtime connection, translated from the UTS realtime auth specs. */
@NullMarked
package io.ably4j.auth;

import org.jspecify.annotations.NullMarked;
