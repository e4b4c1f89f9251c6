package io.ably4j.it;

import io.ably4j.ChannelState;
import io.ably4j.ClientOptions;
import io.ably4j.ConnectionState;
import io.ably4j.LogLevel;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.emulator.Emulator;
import io.ably4j.types.ErrorInfo;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The subscriber process of {@link RecoveryAcrossProcessesTest}: connects to an emulator on {@code 127.0.0.1:PORT}
 * (optionally recovering a connection, RTN16), attaches CHANNEL and reports on standard output, one line each:
 *
 * <ul>
 *   <li>{@code CONNECTED <connectionId> <errorReason code or ->} once connected;
 *   <li>{@code ATTACHED resumed=<flag>} once attached;
 *   <li>{@code MSG <data>} for each message, as it arrives;
 *   <li>{@code RECOVERY-KEY <key>} after KEY_AFTER messages (when KEY_AFTER &gt; 0), and then the process halts
 *       abruptly, closing nothing, as a crash would.
 * </ul>
 *
 * <p>Arguments: {@code PORT CHANNEL json|msgpack KEY_AFTER [RECOVERY_KEY]}. Client log lines go to standard error.
 * Without KEY_AFTER it runs until killed, or exits with 3 after {@link #LIFETIME_SECONDS} in case its parent died.
 */
public final class RecoverySubscriberMain {
    static final long LIFETIME_SECONDS = 120;
    private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);

    private RecoverySubscriberMain() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String channelName = args[1];
        boolean binary = args[2].equals("msgpack");
        int keyAfter = Integer.parseInt(args[3]);
        @Nullable String recover = args.length > 4 ? args[4] : null;

        RealtimeClient client = new RealtimeClient(ClientOptions.builder()
                .key(Emulator.DEFAULT_KEY)
                .endpoint("127.0.0.1")
                .port(port)
                .tls(false)
                .allowInsecureBasicAuthForLocalDevelopment(true)
                .useBinaryProtocol(binary)
                .autoConnect(false)
                .recover(recover)
                .logLevel(LogLevel.INFO)
                .logHandler((level, message, error) ->
                        System.err.println(level + " " + message + (error == null ? "" : " " + error)))
                .build());
        client.connect();
        client.connection().whenState(ConnectionState.CONNECTED).get(20, TimeUnit.SECONDS);
        ErrorInfo reason = client.connection().errorReason();
        line("CONNECTED " + client.connection().id() + " " + (reason == null ? "-" : Integer.toString(reason.code())));

        RealtimeChannel channel = client.channels().get(channelName);
        channel.on(change -> {
            if (change.current() == ChannelState.ATTACHED && change.previous() != ChannelState.ATTACHED) {
                line("ATTACHED resumed=" + change.resumed());
            }
        });
        AtomicInteger received = new AtomicInteger();
        channel.subscribe(m -> {
            line("MSG " + m.data());
            if (received.incrementAndGet() == keyAfter) {
                line("RECOVERY-KEY " + client.connection().createRecoveryKey());
                OUT.flush();
                System.err.flush();
                Runtime.getRuntime().halt(0); // no close: the server keeps the connection for a recovery
            }
        });
        channel.attach().get(20, TimeUnit.SECONDS);

        new CountDownLatch(1).await(LIFETIME_SECONDS, TimeUnit.SECONDS);
        System.exit(3);
    }

    private static void line(String text) {
        OUT.println(text);
    }
}
