/**
 * An application's own component ({@link io.ably4j.emulator.junit.example.OrderNotifier} and {@link
 * io.ably4j.emulator.junit.example.OrderFeed}) tested against the emulator through the JUnit extension: the examples
 * of {@code docs/testing.md}.
 */
@NullMarked
package io.ably4j.emulator.junit.example;

import org.jspecify.annotations.NullMarked;
