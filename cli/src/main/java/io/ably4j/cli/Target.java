package io.ably4j.cli;

import io.ably4j.AuthOptions;
import io.ably4j.ClientOptions;
import io.ably4j.LogHandler;
import io.ably4j.LogLevel;
import io.ably4j.WebSocketEngine;
import io.ably4j.emulator.Emulator;
import io.ably4j.types.AblyException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Where a command connects, and how it authenticates, decided from the connection options and {@code ABLY_API_KEY}:
 *
 * <ul>
 *   <li>with credentials, a key ({@code --key} or {@code ABLY_API_KEY}), a token ({@code --token}) or an authUrl
 *       ({@code --auth-url}): Ably's cloud, or the {@code --endpoint} given (REC1), or with {@code --port} alone an
 *       emulator on localhost. A token or authUrl means token auth (RSA4): the token is used first, the authUrl (or a
 *       key given too) obtains new ones; a token alone cannot be renewed;
 *   <li>with {@code --endpoint localhost} (or {@code 127.0.0.1}, {@code ::1}), or {@code --port} alone, and no
 *       credentials: an emulator already running on this machine, with its default key and without TLS;
 *   <li>with none of these: an emulator embedded in this process on a free port, closed by {@link #close()}.
 * </ul>
 *
 * <p>Not thread-safe; owned by the command that opened it.
 */
final class Target implements AutoCloseable {
    static final String KEY_ENV = "ABLY_API_KEY";

    /** Selects ably4j's NIO WebSocket engine, the default (docs/transport.md). */
    static final Option NIO = Option.flag("--nio", "engine", "nio", "ably4j's NIO WebSocket engine (the default)");

    /** Selects the JDK's WebSocket engine instead of ably4j's NIO engine (docs/transport.md). */
    static final Option JDK =
            Option.flag("--jdk", "engine", "jdk", "the JDK's java.net.http WebSocket engine instead of the NIO one");

    /** The connection options shared by every command that connects. */
    static final List<Option> OPTIONS = List.of(
            Option.value(
                    "--key", "KEY", "API key (keyName:keySecret); default $" + KEY_ENV + "; none: embedded emulator"),
            Option.value(
                    "--token", "TOKEN", "a token (Ably token or JWT) instead of a key; not renewed when it expires"),
            Option.value("--auth-url", "URL", "a URL serving tokens (GET; TokenRequest, TokenDetails or text)"),
            Option.value("--endpoint", "ENDPOINT", "a hostname, nonprod:ID or a routing policy id (REC1)"),
            Option.value("--port", "N", "port; without --key or --endpoint: an emulator on localhost:N"),
            Option.flag("--tls", "tls", "true", "use TLS (the default, except for localhost)"),
            Option.flag("--no-tls", "tls", "false", "no TLS (API keys only allowed for localhost)"),
            Option.value("--client-id", "ID", "the client id to connect as"),
            Option.flag("--msgpack", "format", "msgpack", "msgpack wire protocol (default)"),
            Option.flag("--json", "format", "json", "JSON wire protocol"),
            NIO,
            JDK,
            Option.value(
                    "--log-level", "LEVEL", "client log level: none, error, warn (default), info, debug, verbose"));

    /** The connection options of the commands that only make REST requests: all but the WebSocket engine. */
    static final List<Option> REST_OPTIONS = OPTIONS.stream()
            .filter(o -> !o.name().equals(NIO.name()) && !o.name().equals(JDK.name()))
            .toList();

    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "::1", "[::1]");

    private final ClientOptions options;
    private final @Nullable Emulator embedded;
    private final String description;

    private Target(ClientOptions options, @Nullable Emulator embedded, String description) {
        this.options = options;
        this.embedded = embedded;
        this.description = description;
    }

    /**
     * Resolves the target; starts an embedded emulator when there is no key, no endpoint and no port, reporting that on
     * {@code ctx.err()}.
     *
     * @throws UsageException for an invalid key, endpoint, port, client id, log level or combination
     */
    static Target open(ParsedArgs args, CliContext ctx) throws UsageException {
        return open(args, ctx, true);
    }

    /** As {@link #open(ParsedArgs, CliContext)}; {@code announce} false keeps quiet about an embedded emulator. */
    static Target open(ParsedArgs args, CliContext ctx, boolean announce) throws UsageException {
        return open(args, ctx, announce, b -> {});
    }

    /**
     * As {@link #open(ParsedArgs, CliContext, boolean)}; {@code embeddedSetup} adjusts the embedded emulator, if one
     * is started (the demo shortens its presence leave grace).
     */
    static Target open(ParsedArgs args, CliContext ctx, boolean announce, Consumer<Emulator.Builder> embeddedSetup)
            throws UsageException {
        String key = args.get("key");
        String keySource = "--key";
        if (key == null) {
            keySource = "$" + KEY_ENV;
            String fromEnv = ctx.env().get(KEY_ENV);
            key = fromEnv == null || fromEnv.isBlank() ? null : fromEnv.trim();
        }
        String token = args.get("token");
        String authUrl = args.get("auth-url");
        boolean tokenAuth = token != null || authUrl != null;
        String endpoint = args.get("endpoint");
        Integer port = args.has("port") ? args.integer("port", 0, 1, 65535) : null;
        Boolean tlsFlag = args.bool("tls");
        ClientOptions.Builder b = ClientOptions.builder()
                .useBinaryProtocol(!args.get("format", "msgpack").equals("json"))
                .logLevel(logLevel(args.get("log-level", "warn")))
                .logHandler(logHandler(ctx))
                .webSocketEngine(args.get("engine", "nio").equals("jdk") ? WebSocketEngine.JDK : WebSocketEngine.NIO);
        String clientId = args.get("client-id");
        if (clientId != null) {
            apply(() -> b.clientId(clientId), "--client-id");
        }
        String wire = args.get("format", "msgpack") + (args.get("engine", "nio").equals("jdk") ? ", JDK engine" : "");
        if (key == null && !tokenAuth && endpoint == null && port == null) {
            boolean tls = Boolean.TRUE.equals(tlsFlag);
            Emulator.Builder eb = Emulator.builder().port(0).tls(tls);
            embeddedSetup.accept(eb);
            Emulator emulator = eb.build();
            b.key(emulator.key()).endpoint("127.0.0.1").tls(tls).allowInsecureBasicAuthForLocalDevelopment(true);
            if (tls) {
                b.tlsPort(emulator.port()).sslContext(emulator.clientSslContext());
            } else {
                b.port(emulator.port());
            }
            String hint = "no API key given, so started an embedded emulator on 127.0.0.1:" + emulator.port()
                    + " (stops when this command exits; use --key or $" + KEY_ENV + " for Ably)";
            if (announce) {
                ctx.err().println(ctx.style().dim(hint));
            }
            return new Target(
                    build(b, emulator),
                    emulator,
                    "embedded emulator at 127.0.0.1:" + emulator.port() + " (" + wire + (tls ? ", TLS" : "") + ")");
        }
        if (endpoint == null && key == null && port != null) {
            endpoint = "localhost";
        }
        String ep = endpoint;
        boolean local = ep != null && LOOPBACK.contains(ep.toLowerCase(Locale.ROOT));
        if (key == null && !tokenAuth) {
            if (!local) {
                throw new UsageException("no API key: pass --key or set $" + KEY_ENV + " (or --token or --auth-url)");
            }
            key = Emulator.DEFAULT_KEY;
        }
        boolean tls = tlsFlag != null ? tlsFlag : !local;
        AuthOptions.Builder auth = AuthOptions.builder();
        String k = key;
        if (k != null) {
            apply(() -> auth.key(k), keySource);
        }
        if (token != null) {
            apply(() -> auth.token(token), "--token");
        }
        if (authUrl != null) {
            apply(() -> auth.authUrl(authUrl), "--auth-url");
        }
        b.authOptions(auth.build());
        if (ep != null) {
            apply(() -> b.endpoint(ep), "--endpoint");
        }
        b.tls(tls).allowInsecureBasicAuthForLocalDevelopment(local && !tls);
        if (port != null) {
            if (tls) {
                b.tlsPort(port);
            } else {
                b.port(port);
            }
        }
        ClientOptions options = build(b, null);
        int effectivePort = tls ? options.tlsPort() : options.port();
        String where = (local ? "emulator at " : "Ably at ") + options.primaryDomain() + ":" + effectivePort;
        String how = token != null ? ", token" : authUrl != null ? ", authUrl" : "";
        return new Target(options, null, where + " (" + wire + (tls ? ", TLS" : "") + how + ")");
    }

    /** The client options for this target (without a client id unless {@code --client-id} was given). */
    ClientOptions options() {
        return options;
    }

    /** The embedded emulator, or null when connecting elsewhere. */
    @Nullable
    Emulator embedded() {
        return embedded;
    }

    /** Where clients connect, e.g. {@code Ably at main.realtime.ably.net:443 (msgpack, TLS)}. */
    String description() {
        return description;
    }

    /** Stops the embedded emulator, if any. */
    @Override
    public void close() {
        if (embedded != null) {
            try {
                // A REST response (`ably4j token`) is complete for the client before the emulator's engine has
                // finished writing it; stopping the server under that write logs a SEVERE netty error on stderr.
                embedded.awaitIdle();
            } finally {
                embedded.close();
            }
        }
    }

    static LogLevel logLevel(String name) throws UsageException {
        try {
            return LogLevel.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException(
                    "--log-level must be one of none, error, warn, info, debug, verbose; got '" + name + "'");
        }
    }

    /** Client log lines go to stderr, dimmed; the library never logs key secrets or tokens. */
    private static LogHandler logHandler(CliContext ctx) {
        return (level, message, throwable) -> ctx.err()
                .println(ctx.style()
                        .dim("ably4j " + level.name().toLowerCase(Locale.ROOT) + ": " + message
                                + (throwable == null ? "" : " (" + throwable + ")")));
    }

    private static ClientOptions build(ClientOptions.Builder b, @Nullable Emulator emulator) throws UsageException {
        try {
            return b.build();
        } catch (AblyException e) {
            if (emulator != null) {
                emulator.close();
            }
            throw new UsageException(
                    e.errorInfo().message() + " (code " + e.errorInfo().code() + ")");
        }
    }

    private static void apply(Runnable setter, String option) throws UsageException {
        try {
            setter.run();
        } catch (AblyException e) {
            throw new UsageException("invalid " + option + ": " + e.errorInfo().message() + " (code "
                    + e.errorInfo().code() + ")");
        }
    }
}
