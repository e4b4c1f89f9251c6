/**
 * The {@code ably4j} command-line tool: {@code demo}, {@code subscribe}, {@code publish}, {@code presence}, {@code
 * history}, {@code ping}, {@code time}, {@code stats}, {@code token} and {@code emulator}. The entry point is {@link
 * io.ably4j.cli.Main}.
 */
@NullMarked
package io.ably4j.cli;

import org.jspecify.annotations.NullMarked;
