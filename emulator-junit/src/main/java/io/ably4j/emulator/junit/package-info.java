/**
 * A JUnit 5 extension that runs the ably4j emulator in-process for a test class or each test method: {@link
 * io.ably4j.emulator.junit.EmulatorExtension}. See {@code docs/testing.md}.
 */
@NullMarked
package io.ably4j.emulator.junit;

import org.jspecify.annotations.NullMarked;
