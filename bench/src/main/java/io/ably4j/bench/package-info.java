/** Benchmarks. */
@NullMarked
package io.ably4j.bench;

import org.jspecify.annotations.NullMarked;
