package io.ably4j.bench.leak;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.WebSocketEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * RTN12, RTC16 (issue 13 §4): clients opened, used and closed over real WebSockets leave no thread, no timer and no retained
 * heap behind. The 10,000-client figures in docs/reliability.md come from {@link OpenCloseLeak#main}; this runs a 2,000-client
 * slice of the same program per engine.
 */
class OpenCloseLeakTest {
    private static final Path JAR = Path.of("../emulator/target/ably4j-emulator.jar");

    @ParameterizedTest
    @EnumSource(WebSocketEngine.class)
    void RTN12_twoThousandClientsOpenedUsedAndClosed_leaveNoThreadAndNoHeap(WebSocketEngine engine) throws Exception {
        assertThat(Files.isRegularFile(JAR))
                .as("the emulator jar %s is built by the emulator module, before bench in `mvn verify`", JAR)
                .isTrue();
        OpenCloseLeak.Result r = OpenCloseLeak.run(JAR, 2_000, 16, engine, false);
        assertThat(r.failures()).as(r.table()).isZero();
        assertThat(r.after().ablyThreads())
                .as(r.table())
                .isLessThanOrEqualTo(r.before().ablyThreads());
        assertThat(r.after().timers())
                .as(r.table())
                .isLessThanOrEqualTo(r.before().timers());
        assertThat(r.heapGrowth()).as(r.table()).isLessThanOrEqualTo(16L << 20);
    }
}
