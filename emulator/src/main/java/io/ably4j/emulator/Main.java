package io.ably4j.emulator;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Standalone emulator: {@code java -jar ably4j-emulator.jar --port 8080 --key app.key:secret}.
 * Prints {@code ably4j emulator listening on port N} when ready and stops on SIGINT/SIGTERM.
 */
public final class Main {
    private Main() {}

    /** The usage text printed by {@code --help}. */
    public static final String USAGE = String.join(
            "\n",
            "Usage: java -jar ably4j-emulator.jar [options]",
            "  --port N                      listen port (default 8080; 0 picks a free port)",
            "  --bind ADDRESS                bind address (default 127.0.0.1)",
            "  --key APP.KEY:SECRET          API key with full capability (repeatable; default " + Emulator.DEFAULT_KEY
                    + ")",
            "  --key-capability KEY CAPJSON  API key with a capability, e.g. '{\"chat:*\":[\"subscribe\"]}'",
            "  --tls                         serve wss/https with a self-signed certificate (SAN localhost, 127.0.0.1)",
            "  --cert-out FILE               with --tls, write the certificate (PEM) to FILE",
            "  --strict-basic-auth           refuse key auth over non-TLS with 40103",
            "  --connection-state-ttl MS     connection state TTL in ms (default 120000)",
            "  --max-idle-interval MS        keep-alive interval in ms (default 15000)",
            "  --outbound-queue-limit BYTES  disconnect a consumer with more unsent output than this (default 4194304)",
            "  --presence-leave-grace MS     presence grace after a transport drop in ms (default 15000)",
            "  --auth-request-lead MS        send AUTH this long before a connection's token expires (default 30000;",
            "                                0 = never)",
            "  --admin-port N                enable the admin HTTP API on 127.0.0.1:N (0 = free port)",
            "  --console                     serve the web console on the admin port (a free one unless --admin-port)",
            "  --help                        show this help");

    /**
     * Runs the emulator from the command line; see {@link #run}. Exits with status 2 on invalid arguments.
     *
     *
     * @param args the command-line options
     * @throws IOException if the emulator cannot start
     * @throws InterruptedException if the thread is interrupted while the emulator runs
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        int code = run(args, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * Parses {@code args} (printing usage on {@code err} and returning 2 when they are invalid), starts the
     * emulator, reports its port on {@code out} and blocks until the JVM shuts down. Used by {@link #main} and by
     * the {@code ably4j emulator} command, so both accept exactly the same options.
     *
     * @param args the command-line options
     * @param out where the port and other reports go
     * @param err where usage and errors go
     * @return the process exit code
     * @throws IOException if the emulator cannot start
     * @throws InterruptedException if the thread is interrupted while the emulator runs
     */
    public static int run(String[] args, PrintStream out, PrintStream err) throws IOException, InterruptedException {
        Emulator.Builder b = Emulator.builder().port(8080).logConnections(true);
        Path certOut = null;
        boolean console = false;
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--help", "-h" -> {
                        out.println(USAGE);
                        return 0;
                    }
                    case "--port" -> b.port(Integer.parseInt(value(args, ++i, a)));
                    case "--bind" -> b.bindAddress(value(args, ++i, a));
                    case "--key" -> b.key(value(args, ++i, a));
                    case "--key-capability" -> {
                        String key = value(args, ++i, a);
                        b.key(key, value(args, ++i, a));
                    }
                    case "--tls" -> b.tls(true);
                    case "--cert-out" -> certOut = Path.of(value(args, ++i, a));
                    case "--strict-basic-auth" -> b.strictBasicAuth(true);
                    case "--connection-state-ttl" ->
                        b.connectionStateTtl(Duration.ofMillis(Long.parseLong(value(args, ++i, a))));
                    case "--max-idle-interval" ->
                        b.maxIdleInterval(Duration.ofMillis(Long.parseLong(value(args, ++i, a))));
                    case "--outbound-queue-limit" -> b.outboundQueueLimit(Integer.parseInt(value(args, ++i, a)));
                    case "--presence-leave-grace" ->
                        b.presenceLeaveGrace(Duration.ofMillis(Long.parseLong(value(args, ++i, a))));
                    case "--auth-request-lead" ->
                        b.authRequestLead(Duration.ofMillis(Long.parseLong(value(args, ++i, a))));
                    case "--admin-port" -> b.adminPort(Integer.parseInt(value(args, ++i, a)));
                    case "--console" -> {
                        b.console(true);
                        console = true;
                    }
                    default -> {
                        err.println("unknown option: " + a);
                        err.println(USAGE);
                        return 2;
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("invalid arguments: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        Emulator emulator = b.build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.close();
            stopped.countDown();
        }));
        if (certOut != null && emulator.tls()) {
            Files.writeString(certOut, emulator.certificatePem(), StandardCharsets.US_ASCII);
        }
        if (emulator.adminPort() >= 0) {
            out.println("ably4j emulator admin API on 127.0.0.1:" + emulator.adminPort());
        }
        if (console) {
            out.println("ably4j emulator console at " + emulator.consoleUri());
        }
        out.println("ably4j emulator listening on port " + emulator.port());
        out.flush();
        stopped.await();
        return 0;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
