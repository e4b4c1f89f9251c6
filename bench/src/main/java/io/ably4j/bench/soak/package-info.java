/**
 * The chaos soak ({@link io.ably4j.bench.soak.ChaosSoak}): clients publishing numbered messages through an in-process
 * emulator while faults are injected from a seeded schedule, with delivery, ordering, completion, recovery, presence
 * and resource checks. See {@code docs/reliability.md}.
 */
@NullMarked
package io.ably4j.bench.soak;

import org.jspecify.annotations.NullMarked;
