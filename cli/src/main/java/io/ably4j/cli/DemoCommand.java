package io.ably4j.cli;

import io.ably4j.AuthCallback;
import io.ably4j.AuthOptions;
import io.ably4j.ChannelState;
import io.ably4j.ChannelStateChange;
import io.ably4j.ClientOptions;
import io.ably4j.ConnectionEvent;
import io.ably4j.ConnectionState;
import io.ably4j.ConnectionStateChange;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.WebSocketEngine;
import io.ably4j.emulator.Emulator;
import io.ably4j.types.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * {@code ably4j demo}: a few clients chat on one channel through an emulator started in-process, with their connection
 * and channel state changes, every message as it is received with its publish-to-receive latency, and a summary. Exits
 * by itself after {@code --duration} (5 s by default).
 *
 * <p>Latency is measured honestly but locally: from just before {@code channel.publish} to the receiving client's
 * message listener, on the same monotonic clock, in the same process. It includes encoding, the WebSocket round trip
 * through the server, decoding and callback dispatch.
 */
final class DemoCommand implements Command {
    static final List<String> NAMES = List.of("alice", "bob", "carol", "dave", "erin", "frank");

    /** What the clients say, in turn; repeated with a counter when a run needs more lines. */
    static final List<String> SCRIPT = List.of(
            "hi everyone!",
            "hey alice",
            "hello from carol",
            "shall we measure some latency?",
            "every message goes through the emulator",
            "and comes back over WebSocket",
            "msgpack on the wire by default",
            "try --json to compare",
            "ok, time to go",
            "bye!",
            "see you",
            "bye all");

    private static final CommandSpec SPEC = new CommandSpec(
            "demo",
            List.of(),
            "a live tour: clients connect, attach, enter presence, chat and measure latency",
            """
            Starts an emulator in this process, connects --clients clients (alice, bob, carol, ...), attaches them
            to one channel, enters them into its presence set and has them take turns publishing --messages
            messages each. Shows every connection and channel state change, every presence event and
            message received, the latter with its latency (publish call to the receiver's listener, same
            process and clock). Then bob loses his connection for good (the emulator drops it and refuses
            reconnections) and the others see him leave presence after the emulator's leave grace, 2 s here
            (15 s on Ably). Prints a summary and exits after --duration plus the leave grace.
            With an explicit --key it runs against Ably instead ($ABLY_API_KEY is ignored here), without the
            dropped connection.""",
            List.of(
                    Option.value("--duration", "DURATION", "how long the demo runs, e.g. 3s (default 5s)"),
                    Option.value("--clients", "N", "number of clients, 2-" + NAMES.size() + " (default 3)"),
                    Option.value("--messages", "N", "messages published by each client (default 3)"),
                    Option.value("--channel", "NAME", "channel name (default demo)"),
                    Option.flag("--msgpack", "format", "msgpack", "msgpack wire protocol (default)"),
                    Option.flag("--json", "format", "json", "JSON wire protocol"),
                    Target.NIO,
                    Target.JDK,
                    Option.value("--key", "KEY", "run against Ably with this API key instead of the emulator"),
                    Option.value("--endpoint", "ENDPOINT", "with --key: the Ably endpoint (REC1)"),
                    Option.value("--log-level", "LEVEL", "client log level (default warn)")));

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CliContext ctx) throws Exception {
        Duration duration = args.duration("duration", Duration.ofSeconds(5));
        int clients = args.integer("clients", 3, 2, NAMES.size());
        int messages = args.integer("messages", 3, 1, 100);
        String channel = args.get("channel", "demo");
        if (channel.isEmpty()) {
            throw new UsageException("--channel must not be empty");
        }
        if (args.has("endpoint") && !args.has("key")) {
            throw new UsageException("--endpoint needs --key (without a key the demo uses its own emulator)");
        }
        Map<String, String> env = new HashMap<>(ctx.env());
        env.remove(Target.KEY_ENV);
        CliContext demoCtx = ctx.withEnv(env);
        try (Target target = Target.open(args, demoCtx, false, b -> b.presenceLeaveGrace(DemoPresence.LEAVE_GRACE))) {
            return new DemoRun(target, channel, clients, messages, duration, ctx).run();
        }
    }

    /** The text of message number {@code k} (0-based) of a run; unique within the run. */
    static String line(int k) {
        String text = SCRIPT.get(k % SCRIPT.size());
        return k < SCRIPT.size() ? text : text + " (" + (k / SCRIPT.size() + 1) + ")";
    }

    /** One run of the demo: its clients, their listeners and the measurements. */
    private static final class DemoRun {
        private final Target target;
        private final String channelName;
        private final int clientCount;
        private final int messagesEach;
        private final Duration duration;
        private final CliContext ctx;
        private final DemoStats stats;
        private final DemoPresence presence;
        private final List<RealtimeClient> clients = new ArrayList<>();
        private final List<RealtimeChannel> channels = new ArrayList<>();
        private final long start = System.nanoTime();
        private CompletableFuture<?> renewal = CompletableFuture.completedFuture(null);

        DemoRun(
                Target target,
                String channelName,
                int clientCount,
                int messagesEach,
                Duration duration,
                CliContext ctx) {
            this.target = target;
            this.channelName = channelName;
            this.clientCount = clientCount;
            this.messagesEach = messagesEach;
            this.duration = duration;
            this.ctx = ctx;
            this.stats = new DemoStats(clientCount * messagesEach, clientCount * messagesEach * (clientCount - 1));
            this.presence = new DemoPresence(clientCount, this::print, this::name);
        }

        int run() throws Exception {
            Style st = ctx.style();
            Emulator emulator = target.embedded();
            String where = emulator != null
                    ? "an emulator in this process (127.0.0.1:" + emulator.port() + ", "
                            + (target.options().useBinaryProtocol() ? "msgpack" : "json")
                            + (target.options().webSocketEngine() == WebSocketEngine.JDK ? ", JDK engine" : "") + ")"
                    : target.description();
            ctx.out()
                    .println(st.bold("ably4j demo") + ": " + clientCount + " clients chat on channel '" + channelName
                            + "' via " + where);
            ctx.out().println(st.dim("latency = publish call -> receiver's listener, measured in this process"));
            try {
                connectAndAttach();
                presence.enterAll(channels, ctx);
                publishAll();
                Clients.await(renewal, ctx, Clients.REQUEST_TIMEOUT, 80019, "renewing carol's token");
                Duration grace = Duration.ofNanos(
                        Math.max(Duration.ofSeconds(1).toNanos(), start + duration.toNanos() - System.nanoTime()));
                stats.awaitAll(grace, ctx);
                if (emulator != null) {
                    presence.dropOne(emulator, clients.get(presence.dropped()), ctx);
                }
            } finally {
                presence.unsubscribe();
                closeAll();
            }
            int code = stats.report(ctx, System.nanoTime() - start, presence.summary(st));
            if (!presence.ok()) {
                ctx.out().println(st.red("some presence events were not seen"));
                return 1;
            }
            return code;
        }

        private void connectAndAttach() throws Exception {
            for (int i = 0; i < clientCount; i++) {
                String name = NAMES.get(i);
                int index = i;
                ClientOptions.Builder b = target.options().toBuilder()
                        .clientId(name)
                        .echoMessages(false)
                        .autoConnect(false);
                if (isTokenClient(i)) { // no key: tokens signed by alice's key, as an app's server would (RSA8d)
                    b.authOptions(AuthOptions.builder()
                            .authCallback(params -> {
                                print(index, st -> st.dim("asks alice for a token (authCallback)"));
                                return clients.get(0)
                                        .auth()
                                        .createTokenRequest(params, null)
                                        .thenApply(AuthCallback.Result::of);
                            })
                            .build());
                }
                ClientOptions options = b.build();
                RealtimeClient client = new RealtimeClient(options);
                clients.add(client);
                client.connection().on(change -> onConnectionChange(index, client, change));
                RealtimeChannel channel = client.channels().get(channelName);
                channels.add(channel);
                channel.on(change -> onChannelChange(index, change));
                client.connect();
            }
            List<CompletableFuture<Void>> attaches = new ArrayList<>();
            for (int i = 0; i < clientCount; i++) {
                int index = i;
                Clients.awaitConnected(clients.get(i), ctx);
                channels.get(i).subscribe(m -> onMessage(index, m, System.nanoTime())); // attaches (RTL7g)
                presence.watch(index, channels.get(i));
                attaches.add(channels.get(i).attach());
            }
            Clients.await(
                    CompletableFuture.allOf(attaches.toArray(new CompletableFuture<?>[0])),
                    ctx,
                    Clients.REQUEST_TIMEOUT,
                    90007,
                    "attaching the clients");
        }

        /** The last client of two or more authenticates with tokens instead of the key. */
        private boolean isTokenClient(int index) {
            return clientCount >= 2 && index == clientCount - 1;
        }

        /** The token client renews its token in place (RTC8a): an UPDATE, no reconnection, no message lost. */
        private void renewToken() {
            int index = clientCount - 1;
            print(index, st -> "renews its token (auth().authorize())");
            renewal = clients.get(index)
                    .auth()
                    .authorize()
                    .whenComplete((token, failure) -> print(
                            index,
                            st -> failure == null
                                    ? st.green("token renewed") + " on the same connection"
                                    : st.red("token renewal failed: " + failure.getMessage())));
        }

        private void publishAll() throws Exception {
            int total = clientCount * messagesEach;
            long budget = duration.toNanos()
                    - (System.nanoTime() - start)
                    - Duration.ofMillis(1200).toNanos();
            Duration interval = Duration.ofNanos(Math.min(
                    Duration.ofSeconds(1).toNanos(),
                    Math.max(Duration.ofMillis(40).toNanos(), budget / total)));
            List<CompletableFuture<?>> acks = new ArrayList<>();
            for (int k = 0; k < total; k++) {
                int sender = k % clientCount;
                String text = line(k);
                long sentAt = System.nanoTime();
                stats.sent(text, sender, sentAt);
                print(sender, st -> st.bold("-> ") + "'" + text + "'");
                acks.add(channels.get(sender)
                        .publish(Message.of("chat", text))
                        .thenRun(() -> stats.acked(System.nanoTime() - sentAt)));
                if (k == total / 2 && isTokenClient(clientCount - 1)) {
                    renewToken();
                }
                if (k < total - 1) {
                    Clients.pause(interval, ctx);
                }
            }
            Clients.await(
                    CompletableFuture.allOf(acks.toArray(new CompletableFuture<?>[0])),
                    ctx,
                    Clients.REQUEST_TIMEOUT,
                    50003,
                    "waiting for ACKs");
        }

        private void closeAll() {
            for (RealtimeClient c : clients) {
                c.close();
            }
            for (RealtimeClient c : clients) {
                Clients.closeAndWait(c);
            }
        }

        private void onMessage(int receiver, Message m, long receivedAt) {
            DemoStats.Sent sent = stats.received(m.data(), receivedAt);
            if (sent == null) {
                print(receiver, st -> st.yellow("<- unexpected message " + Render.data(m.data())));
                return;
            }
            long latency = receivedAt - sent.at();
            print(
                    receiver,
                    st -> "<- " + name(sent.sender()) + " '" + Render.data(m.data()) + "'  "
                            + st.green(Render.ms(latency)));
        }

        private void onConnectionChange(int index, RealtimeClient client, ConnectionStateChange change) {
            ConnectionState s = change.current();
            if (change.event() == ConnectionEvent.UPDATE) {
                print(
                        index,
                        st -> "connection " + st.green("UPDATE")
                                + st.dim(" (still connection "
                                        + client.connection().id() + ")"));
                return;
            }
            String detail = s == ConnectionState.CONNECTED
                    ? " (connection id " + client.connection().id() + ")"
                    : "";
            String why = change.reason() == null || s == ConnectionState.CONNECTED
                    ? ""
                    : ": " + change.reason().message() + " (code "
                            + change.reason().code() + ")";
            print(
                    index,
                    st -> "connection "
                            + stateColour(
                                    st,
                                    s.name(),
                                    s == ConnectionState.CONNECTED,
                                    s == ConnectionState.FAILED
                                            || s == ConnectionState.DISCONNECTED
                                            || s == ConnectionState.SUSPENDED)
                            + st.dim(detail) + why);
        }

        private void onChannelChange(int index, ChannelStateChange change) {
            ChannelState s = change.current();
            if (change.previous() == s) {
                return;
            }
            String why = change.reason() == null ? "" : ": " + change.reason().message();
            print(
                    index,
                    st -> "channel " + channelName + " "
                            + stateColour(
                                    st,
                                    s.name(),
                                    s == ChannelState.ATTACHED,
                                    s == ChannelState.FAILED || s == ChannelState.SUSPENDED)
                            + why);
        }

        /** One timeline line: elapsed time, the client's name in its colour, then {@code text}. */
        void print(int client, Function<Style, String> text) {
            Style st = ctx.style();
            synchronized (this) { // so that the elapsed times on screen never go backwards
                long ms = (System.nanoTime() - start) / 1_000_000;
                String elapsed = String.format(Locale.ROOT, "%6d ms", ms);
                ctx.out()
                        .println(st.dim(elapsed) + "  " + st.palette(client, CommandSpec.pad(NAMES.get(client), 6))
                                + " " + text.apply(st));
            }
        }

        String name(int client) {
            return ctx.style().palette(client, NAMES.get(client));
        }

        private static String stateColour(Style st, String state, boolean good, boolean bad) {
            return good ? st.green(state) : bad ? st.red(state) : st.yellow(state);
        }
    }
}
