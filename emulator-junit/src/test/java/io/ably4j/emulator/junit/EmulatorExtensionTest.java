package io.ably4j.emulator.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.ably4j.ConnectionState;
import io.ably4j.RealtimeClient;
import io.ably4j.emulator.Emulator;
import io.ably4j.emulator.Faults;
import io.ably4j.emulator.ManualClock;
import io.ably4j.emulator.RefuseMode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The extension's lifecycle, checked by running fixture classes (static nested classes, which Surefire does not run
 * by itself) through the JUnit launcher and looking at what they recorded.
 */
class EmulatorExtensionTest {

    @Test
    void perClass_oneEmulatorForTheClass_clientsClosedWithTheirScope_faultsUndoneBetweenTests() {
        PerClass.reset();

        TestExecutionSummary summary = run(PerClass.class);

        assertThat(failures(summary)).isEmpty();
        assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
        assertThat(PerClass.emulators).hasSize(3).containsOnly(PerClass.emulators.get(0));
        // in the second test: the first test's client was closed after it, the @BeforeAll client is still open, and
        // the second test's client connected although the first test refused connections
        assertThat(PerClass.seenInSecond)
                .containsExactly(ConnectionState.CLOSED, ConnectionState.CONNECTED, ConnectionState.CONNECTED);
        assertThat(PerClass.clients)
                .hasSize(3)
                .allSatisfy(c -> assertThat(c.connection().state()).isEqualTo(ConnectionState.CLOSED));
        assertStopped(PerClass.emulators.get(0));
    }

    @Test
    void perMethod_aNewEmulatorForEachTest_stoppedAfterIt() {
        PerMethod.reset();

        TestExecutionSummary summary = run(PerMethod.class);

        assertThat(failures(summary)).isEmpty();
        assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
        List<Emulator> e = PerMethod.emulators; // @BeforeEach, test, @BeforeEach, test
        assertThat(e).hasSize(4);
        assertThat(e.get(1)).isSameAs(e.get(0));
        assertThat(e.get(3)).isSameAs(e.get(2));
        assertThat(e.get(2)).isNotSameAs(e.get(0));
        assertThat(PerMethod.clients)
                .hasSize(2)
                .allSatisfy(c -> assertThat(c.connection().state()).isEqualTo(ConnectionState.CLOSED));
        assertStopped(e.get(0));
        assertStopped(e.get(2));
    }

    @Test
    void nestedClasses_shareTheOuterClassesEmulator_withTheKeysTheyAskFor() {
        WithNested.emulators.clear();

        TestExecutionSummary summary = run(WithNested.class);

        assertThat(failures(summary)).isEmpty();
        assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
        assertThat(WithNested.emulators).hasSize(2).containsOnly(WithNested.emulators.get(0));
        assertStopped(WithNested.emulators.get(0));
    }

    @Test
    void manualClockParameter_withoutManualClock_failsWithAHint() {
        TestExecutionSummary summary = run(NoManualClock.class);

        assertThat(failures(summary)).singleElement().asString().contains("manualClock()");
    }

    @Test
    void perMethod_emulatorIsNotAvailableToBeforeAll() {
        TestExecutionSummary summary = run(PerMethodBeforeAll.class);

        assertThat(failures(summary)).singleElement().asString().contains("perMethod()");
    }

    @Test
    void builder_refusesANonPositiveConnectTimeout() {
        assertThatThrownBy(() -> EmulatorExtension.builder().connectTimeout(java.time.Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ------------------------------------------------------------------ fixtures

    @ExtendWith(EmulatorExtension.class)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class PerClass {
        static final List<Emulator> emulators = new CopyOnWriteArrayList<>();
        static final List<RealtimeClient> clients = new CopyOnWriteArrayList<>();
        static final List<ConnectionState> seenInSecond = new CopyOnWriteArrayList<>();

        static void reset() {
            emulators.clear();
            clients.clear();
            seenInSecond.clear();
        }

        @BeforeAll
        static void beforeAll(Emulator emulator, RealtimeClient client) {
            emulators.add(emulator);
            clients.add(client);
        }

        @Test
        @Order(1)
        void first(Emulator emulator, RealtimeClient client, Faults faults) {
            emulators.add(emulator);
            clients.add(client);
            faults.refuseConnections(RefuseMode.RESET);
        }

        @Test
        @Order(2)
        void second(Emulator emulator, RealtimeClient client) {
            emulators.add(emulator);
            seenInSecond.add(clients.get(1).connection().state());
            seenInSecond.add(clients.get(0).connection().state());
            seenInSecond.add(client.connection().state());
            clients.add(client);
        }
    }

    static class PerMethod {
        static final List<Emulator> emulators = new CopyOnWriteArrayList<>();
        static final List<RealtimeClient> clients = new CopyOnWriteArrayList<>();

        @RegisterExtension
        static EmulatorExtension ably = EmulatorExtension.builder().perMethod().build();

        static void reset() {
            emulators.clear();
            clients.clear();
        }

        @BeforeEach
        void beforeEach(Emulator emulator) {
            emulators.add(emulator);
        }

        @Test
        void one(Emulator emulator, RealtimeClient client) {
            emulators.add(emulator);
            clients.add(client);
        }

        @Test
        void two(Emulator emulator, RealtimeClient client) {
            emulators.add(emulator);
            clients.add(client);
        }
    }

    @ExtendWith(EmulatorExtension.class)
    static class WithNested {
        static final List<Emulator> emulators = new CopyOnWriteArrayList<>();

        @Test
        void outer(Emulator emulator) {
            emulators.add(emulator);
        }

        @Nested
        class Inner {
            @Test
            void inner(Emulator emulator, @EmulatorKey(capability = "{\"inner\":[\"publish\"]}") String key) {
                emulators.add(emulator);
                assertThat(emulator.keys()).contains(key);
            }
        }
    }

    @ExtendWith(EmulatorExtension.class)
    static class NoManualClock {
        @Test
        void needsAManualClock(ManualClock clock) {
            assertThat(clock).isNotNull();
        }
    }

    static class PerMethodBeforeAll {
        @RegisterExtension
        static EmulatorExtension ably = EmulatorExtension.builder().perMethod().build();

        @BeforeAll
        static void beforeAll(Emulator emulator) {
            assertThat(emulator).isNotNull();
        }

        @Test
        void test() {}
    }

    // ------------------------------------------------------------------ helpers

    private static TestExecutionSummary run(Class<?> fixture) {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create()
                .execute(
                        LauncherDiscoveryRequestBuilder.request()
                                .selectors(selectClass(fixture))
                                .build(),
                        listener);
        return listener.getSummary();
    }

    /** Each failure as "test: exception", for readable assertions. */
    private static List<String> failures(TestExecutionSummary summary) {
        List<String> out = new ArrayList<>();
        for (TestExecutionSummary.Failure f : summary.getFailures()) {
            out.add(f.getTestIdentifier().getDisplayName() + ": " + f.getException());
        }
        return out;
    }

    /** Nothing listens on the emulator's port any more. */
    private static void assertStopped(Emulator emulator) {
        assertThatThrownBy(() -> {
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), emulator.port()), 2000);
                    }
                })
                .isInstanceOf(IOException.class);
    }
}
