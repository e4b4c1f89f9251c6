package io.ably4j.bench.soak;

import io.ably4j.WebSocketEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One soak run's parameters.
 *
 * @param clients realtime clients; each attaches, subscribes and publishes on every channel
 * @param channels channels; the first {@code presenceChannels} also carry presence
 * @param duration how long faults are injected (recovery and checks come after)
 * @param seed the seed of the fault, publish and presence schedule
 * @param engines the WebSocket engines to run, one after the other
 * @param rate messages per second each client publishes on each channel
 * @param tokenClients how many clients (the first ones) use token auth with a short TTL and a clientId; they are the
 *     presence members
 * @param presenceChannels how many channels carry presence
 * @param meanFaultInterval the mean time between two faults
 * @param tokenTtl the TTL of the tokens the authCallback requests
 */
public record SoakConfig(
        int clients,
        int channels,
        Duration duration,
        long seed,
        List<WebSocketEngine> engines,
        double rate,
        int tokenClients,
        int presenceChannels,
        Duration meanFaultInterval,
        Duration tokenTtl) {

    public SoakConfig {
        if (clients < 1 || channels < 1 || rate <= 0 || tokenClients > clients || presenceChannels > channels) {
            throw new IllegalArgumentException("bad soak configuration");
        }
        engines = List.copyOf(engines);
    }

    /** The defaults: 4 clients, 3 channels, 60 s, seed 1, both engines, 2 msg/s, 2 token clients, 1 presence channel. */
    public static SoakConfig defaults() {
        return new SoakConfig(
                4,
                3,
                Duration.ofSeconds(60),
                1,
                List.of(WebSocketEngine.JDK, WebSocketEngine.NIO),
                2,
                2,
                1,
                Duration.ofMillis(1500),
                Duration.ofSeconds(15));
    }

    /** This configuration for a single engine. */
    public SoakConfig withEngine(WebSocketEngine engine) {
        return new SoakConfig(
                clients,
                channels,
                duration,
                seed,
                List.of(engine),
                rate,
                tokenClients,
                presenceChannels,
                meanFaultInterval,
                tokenTtl);
    }

    /**
     * Parses {@code --clients N --channels M --duration 60s --seed S --engine JDK|NIO|BOTH --rate R --token-clients T
     * --presence-channels P --fault-interval 1500ms --token-ttl 15s} over {@link #defaults()}.
     */
    public static SoakConfig parse(String[] args) {
        SoakConfig c = defaults();
        int clients = c.clients;
        int channels = c.channels;
        Duration duration = c.duration;
        long seed = c.seed;
        List<WebSocketEngine> engines = c.engines;
        double rate = c.rate;
        int tokenClients = c.tokenClients;
        int presenceChannels = c.presenceChannels;
        Duration faultInterval = c.meanFaultInterval;
        Duration tokenTtl = c.tokenTtl;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + args[i]);
            }
            String v = args[i + 1];
            switch (args[i]) {
                case "--clients" -> clients = Integer.parseInt(v);
                case "--channels" -> channels = Integer.parseInt(v);
                case "--duration" -> duration = duration(v);
                case "--seed" -> seed = Long.parseLong(v);
                case "--engine" -> engines = engines(v);
                case "--rate" -> rate = Double.parseDouble(v);
                case "--token-clients" -> tokenClients = Integer.parseInt(v);
                case "--presence-channels" -> presenceChannels = Integer.parseInt(v);
                case "--fault-interval" -> faultInterval = duration(v);
                case "--token-ttl" -> tokenTtl = duration(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        return new SoakConfig(
                clients,
                channels,
                duration,
                seed,
                engines,
                rate,
                tokenClients,
                presenceChannels,
                faultInterval,
                tokenTtl);
    }

    /** {@code 90s}, {@code 10m}, {@code 1500ms} or plain seconds. */
    static Duration duration(String v) {
        if (v.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        }
        if (v.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
        }
        if (v.endsWith("s")) {
            return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
        }
        return Duration.ofSeconds(Long.parseLong(v));
    }

    private static List<WebSocketEngine> engines(String v) {
        if (v.equalsIgnoreCase("BOTH")) {
            return List.of(WebSocketEngine.JDK, WebSocketEngine.NIO);
        }
        List<WebSocketEngine> out = new ArrayList<>();
        for (String e : v.split(",", -1)) {
            out.add(WebSocketEngine.valueOf(e.trim().toUpperCase(java.util.Locale.ROOT)));
        }
        return out;
    }
}
