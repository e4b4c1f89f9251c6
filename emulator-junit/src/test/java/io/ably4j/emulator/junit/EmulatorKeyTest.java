package io.ably4j.emulator.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.ably4j.ClientOptions;
import io.ably4j.RealtimeClient;
import io.ably4j.RestClient;
import io.ably4j.emulator.Emulator;
import io.ably4j.emulator.EmulatorClock;
import io.ably4j.emulator.ManualClock;
import io.ably4j.types.AblyException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Keys chosen with {@link EmulatorKey}, their capabilities, and the injected clock. */
class EmulatorKeyTest {
    static final String SUBSCRIBE_ONLY = "{\"orders\":[\"subscribe\"]}";

    @RegisterExtension
    static EmulatorExtension ably = EmulatorExtension.builder()
            .key("shop.main:main-secret")
            .key("shop.reader:reader-secret", SUBSCRIBE_ONLY)
            .manualClock()
            .build();

    @Test
    void parametersWithoutAChoice_useTheFirstConfiguredKey(
            @EmulatorKey String key, ClientOptions options, Emulator emulator) {
        assertThat(key).isEqualTo("shop.main:main-secret");
        assertThat(options.authOptions().key()).isEqualTo(key);
        assertThat(options.port()).isEqualTo(emulator.port());
        // the configured keys first, then one per capability named by @EmulatorKey in this class, in its app
        assertThat(emulator.keys())
                .containsExactly("shop.main:main-secret", "shop.reader:reader-secret", "shop.cap1:cap1-secret");
    }

    @Test
    void keyChosenByName_hasItsCapability(@EmulatorKey(name = "shop.reader") RealtimeClient reader) {
        assertThat(reader.options().authOptions().key()).isEqualTo("shop.reader:reader-secret");
        assertCanSubscribeButNotPublish(reader);
    }

    @Test
    void keyChosenByCapability_isRegisteredWithIt(
            @EmulatorKey(capability = SUBSCRIBE_ONLY) String key,
            @EmulatorKey(capability = SUBSCRIBE_ONLY) RealtimeClient subscriber) {
        assertThat(key).isEqualTo("shop.cap1:cap1-secret");
        assertThat(subscriber.options().authOptions().key()).isEqualTo(key);
        assertCanSubscribeButNotPublish(subscriber);
    }

    @Test
    void manualClock_isTheEmulatorsClock(ManualClock clock, EmulatorClock emulatorClock, RestClient rest) {
        assertThat(emulatorClock).isSameAs(clock);
        clock.advance(Duration.ofHours(1));
        assertThat(rest.time().await()).isEqualTo(clock.millis()); // GET /time answers from the manual clock
    }

    private static void assertCanSubscribeButNotPublish(RealtimeClient client) {
        client.channels().get("orders").attach().await();
        AblyException refused = catchThrowableOfType(
                AblyException.class,
                () -> client.channels().get("orders").publish("placed", "x").await());
        assertThat(refused.errorInfo().code()).isEqualTo(40160);
    }
}
