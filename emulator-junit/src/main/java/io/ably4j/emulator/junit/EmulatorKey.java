package io.ably4j.emulator.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Chooses the API key behind an injected {@code String} (the key itself, {@code appId.keyId:secret}), {@link
 * io.ably4j.ClientOptions}, {@link io.ably4j.ClientOptions.Builder}, {@link io.ably4j.RealtimeClient} or {@link
 * io.ably4j.RestClient} parameter. Without it, those parameters use the emulator's first key ({@link
 * io.ably4j.emulator.Emulator#key()}), which has full capability unless configured otherwise.
 *
 * <p>Give at most one of (with neither, the annotation only makes a {@code String} parameter resolvable, to the first
 * key):
 *
 * <ul>
 *   <li>{@link #capability()}: a capability as JSON, e.g. {@code {"orders":["subscribe"]}}. Before it starts the
 *       emulator, {@link EmulatorExtension} collects the capabilities named on the parameters of the test class (its
 *       constructors and methods, its superclasses and its {@code @Nested} classes) and adds one key per distinct
 *       capability text, named {@code <appId>.cap<n>} in the app of the first key.
 *   <li>{@link #name()}: the name ({@code appId.keyId}) of a key configured with {@link
 *       EmulatorExtension.Builder#key(String, String)}.
 * </ul>
 *
 * <pre>
 * &#64;Test
 * void subscriberCannotPublish(&#64;EmulatorKey(capability = "{\"orders\":[\"subscribe\"]}") RealtimeClient client) { ... }
 * </pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface EmulatorKey {
    /** {@return a capability as JSON; the extension registers a key with it} Empty: choose by {@link #name()}. */
    String capability() default "";

    /**
     * {@return the name ({@code appId.keyId}) of a key configured on the extension's builder} Empty: by capability.
     */
    String name() default "";
}
