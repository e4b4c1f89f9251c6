/** Tests of the payload encoding chain, encryption and the ably-common interop fixtures. */
@NullMarked
package io.ably4j.internal.protocol.encoding;

import org.jspecify.annotations.NullMarked;
