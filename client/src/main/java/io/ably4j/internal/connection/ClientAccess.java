package io.ably4j.internal.connection;

import io.ably4j.ClientOptions;
import io.ably4j.RealtimeClient;
import io.ably4j.RestClient;
import org.jspecify.annotations.Nullable;

/**
 * Access to non-public parts of {@link RealtimeClient} from internal packages and tests (the JDK "shared secrets"
 * pattern): creating a client on an injected {@link ClientRuntime}, and reaching its {@link ConnectionManager}.
 * {@code RealtimeClient} installs the implementation when it is initialised.
 */
public abstract class ClientAccess {
    private static volatile @Nullable ClientAccess instance;

    /** Called once, by {@code RealtimeClient}'s static initialiser. */
    public static void install(ClientAccess access) {
        instance = access;
    }

    public static ClientAccess get() {
        ClientAccess a = instance;
        if (a == null) {
            try {
                Class.forName(RealtimeClient.class.getName(), true, RealtimeClient.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            a = instance;
            if (a == null) {
                throw new IllegalStateException("RealtimeClient did not install its ClientAccess");
            }
        }
        return a;
    }

    /** A client running on {@code runtime} instead of the shared threads and real WebSockets. */
    public abstract RealtimeClient newClient(ClientOptions options, ClientRuntime runtime);

    /** A REST client running on {@code runtime} instead of the shared threads. */
    public abstract RestClient newRestClient(ClientOptions options, ClientRuntime runtime);

    /** The client's connection manager. */
    public abstract ConnectionManager manager(RealtimeClient client);
}
