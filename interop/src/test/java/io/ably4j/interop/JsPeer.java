package io.ably4j.interop;

import io.ably4j.emulator.Emulator;
import io.ably4j.types.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * One ably-js 2.28 client in a child {@code node} process running {@code src/test/js/peer.js}, driven by
 * JSON-line commands. Replies complete {@link #call}; events (connection state changes, messages, presence)
 * are retained in arrival order for {@link #awaitEvents}. Thread-safe; {@link #close()} ends the process.
 */
final class JsPeer implements AutoCloseable {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    private static final Path SCRIPT = Path.of("src", "test", "js", "peer.js").toAbsolutePath();

    private final String scenario;
    private final Process process;
    private final Writer stdin;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<Map<String, Object>>> pending = new ConcurrentHashMap<>();
    private final List<Map<String, Object>> events = new ArrayList<>();
    private final StringBuilder stderr = new StringBuilder();
    private final CompletableFuture<Map<String, Object>> ready = new CompletableFuture<>();

    private JsPeer(String scenario, Process process) {
        this.scenario = scenario;
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread out = new Thread(this::readStdout, "js-peer-stdout-" + scenario);
        out.setDaemon(true);
        out.start();
        Thread err = new Thread(this::readStderr, "js-peer-stderr-" + scenario);
        err.setDaemon(true);
        err.start();
    }

    /** Starts a peer for the emulator with the given key and format and waits for its ready line. */
    static JsPeer start(String scenario, Emulator emulator, String key, Format format) {
        if (!Files.isRegularFile(SCRIPT)) {
            throw new IllegalStateException("missing " + SCRIPT);
        }
        ProcessBuilder pb = new ProcessBuilder("node", SCRIPT.toString(), scenario);
        pb.directory(SCRIPT.toFile().getParentFile());
        Map<String, String> env = pb.environment();
        env.put("ABLY_EMULATOR_HOST", emulator.host());
        env.put("ABLY_EMULATOR_PORT", Integer.toString(emulator.port()));
        env.put("ABLY_EMULATOR_KEY", key);
        env.put("ABLY_FORMAT", format.wireName());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start node (is Node.js on the PATH?)", e);
        }
        JsPeer peer = new JsPeer(scenario, p);
        try {
            Map<String, Object> hello = peer.ready.get(DEFAULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (!"2.28.0".equals(hello.get("ablyVersion"))) {
                throw new IllegalStateException("expected ably-js 2.28.0, got " + hello);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            peer.close();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            peer.close();
            throw new IllegalStateException("ably-js peer did not start: " + peer.stderr(), e);
        }
        return peer;
    }

    /** Sends a command and returns its successful reply; fails the test on an error reply or timeout. */
    Map<String, Object> call(String cmd, Object... keyValues) {
        Map<String, Object> reply = callRaw(DEFAULT_TIMEOUT, cmd, keyValues);
        if (!Boolean.TRUE.equals(reply.get("ok"))) {
            throw new AssertionError("ably-js " + cmd + " failed: " + reply.get("error") + diagnostics());
        }
        return reply;
    }

    /** Sends a command and returns its reply, successful or not. */
    Map<String, Object> callRaw(Duration timeout, String cmd, Object... keyValues) {
        long id = ids.incrementAndGet();
        Map<String, Object> command = new LinkedHashMap<>();
        command.put("id", id);
        command.put("cmd", cmd);
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            command.put((String) keyValues[i], keyValues[i + 1]);
        }
        CompletableFuture<Map<String, Object>> reply = new CompletableFuture<>();
        pending.put(id, reply);
        try {
            synchronized (stdin) {
                stdin.write(Json.of(command).text());
                stdin.write('\n');
                stdin.flush();
            }
            return reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            throw new AssertionError("cannot write to the ably-js peer" + diagnostics(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException e) {
            throw new AssertionError("ably-js peer failed" + diagnostics(), e);
        } catch (TimeoutException e) {
            throw new AssertionError("no reply to ably-js " + cmd + " within " + timeout + diagnostics(), e);
        } finally {
            pending.remove(id);
        }
    }

    /** Waits until {@code count} retained events match, and returns the first {@code count} of them. */
    List<Map<String, Object>> awaitEvents(Predicate<Map<String, Object>> filter, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (events) {
            while (true) {
                List<Map<String, Object>> matched = new ArrayList<>();
                for (Map<String, Object> e : events) {
                    if (filter.test(e)) {
                        matched.add(e);
                        if (matched.size() == count) {
                            return matched;
                        }
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("ably-js peer: " + matched.size() + " of " + count
                            + " expected events within " + timeout + "; events: " + events + diagnostics());
                }
                try {
                    events.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }
    }

    Map<String, Object> awaitEvent(Predicate<Map<String, Object>> filter, Duration timeout) {
        return awaitEvents(filter, 1, timeout).get(0);
    }

    /** A snapshot of the retained events, in arrival order. */
    List<Map<String, Object>> events(Predicate<Map<String, Object>> filter) {
        synchronized (events) {
            return events.stream().filter(filter).toList();
        }
    }

    static Predicate<Map<String, Object>> event(String type) {
        return e -> type.equals(e.get("event"));
    }

    static Predicate<Map<String, Object>> message(String channel) {
        return e -> "message".equals(e.get("event")) && channel.equals(e.get("channel"));
    }

    static Predicate<Map<String, Object>> connectionState(String state) {
        return e -> "connection".equals(e.get("event")) && state.equals(e.get("current"));
    }

    /** The peer's protocol encoding of a message payload (see peer.js). */
    static Map<String, Object> data(Object value) {
        Map<String, Object> d = new LinkedHashMap<>();
        if (value instanceof String s) {
            d.put("t", "string");
            d.put("v", s);
        } else if (value instanceof byte[] b) {
            d.put("t", "binary");
            d.put("v", Base64.getEncoder().encodeToString(b));
        } else {
            d.put("t", "json");
            d.put("v", value);
        }
        return d;
    }

    String stderr() {
        synchronized (stderr) {
            return stderr.toString();
        }
    }

    private String diagnostics() {
        String err = stderr();
        return err.isEmpty() ? "" : "\nably-js stderr (" + scenario + "):\n" + err;
    }

    @SuppressWarnings("unchecked") // peer.js writes one JSON object per line
    private void readStdout() {
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                Object parsed;
                try {
                    parsed = Json.parse(line).toValue();
                } catch (RuntimeException e) {
                    appendStderr("[unparseable stdout] " + line);
                    continue;
                }
                if (!(parsed instanceof Map<?, ?>)) {
                    appendStderr("[unexpected stdout] " + line);
                    continue;
                }
                Map<String, Object> m = (Map<String, Object>) parsed;
                Object id = m.get("id");
                if (id instanceof Number n && !m.containsKey("event")) {
                    CompletableFuture<Map<String, Object>> f = pending.get(n.longValue());
                    if (f != null) {
                        f.complete(m);
                    }
                    continue;
                }
                if ("ready".equals(m.get("event"))) {
                    ready.complete(m);
                }
                synchronized (events) {
                    events.add(m);
                    events.notifyAll();
                }
            }
        } catch (IOException e) {
            appendStderr("[stdout closed] " + e);
        } finally {
            IllegalStateException ended = new IllegalStateException("ably-js peer process ended");
            ready.completeExceptionally(ended);
            pending.values().forEach(f -> f.completeExceptionally(ended));
        }
    }

    private void readStderr() {
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                appendStderr(line);
            }
        } catch (IOException e) {
            appendStderr("[stderr closed] " + e);
        }
    }

    private void appendStderr(String line) {
        synchronized (stderr) {
            if (stderr.length() < 64 * 1024) {
                stderr.append(line).append('\n');
            }
        }
    }

    /** Asks the peer to exit and kills it if it has not within a few seconds. Idempotent. */
    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                synchronized (stdin) {
                    stdin.write("{\"cmd\":\"exit\"}\n");
                    stdin.flush();
                    stdin.close();
                }
            } catch (IOException e) {
                // the process is already gone or going
            }
            try {
                if (!process.waitFor(3, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A required string field of a reply or event. */
    static String string(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v == null) {
            throw new AssertionError("missing " + key + " in " + m);
        }
        return v.toString();
    }

    /** A required number field of a reply or event. */
    static long number(Map<String, Object> m, String key) {
        if (m.get(key) instanceof Number n) {
            return n.longValue();
        }
        throw new AssertionError("missing number " + key + " in " + m);
    }

    /** A required object field of a reply or event. */
    @SuppressWarnings("unchecked") // peer.js objects are string-keyed
    static Map<String, Object> object(Map<String, Object> m, String key) {
        if (m.get(key) instanceof Map<?, ?> o) {
            return (Map<String, Object>) o;
        }
        throw new AssertionError("missing object " + key + " in " + m);
    }

    /** A required array field of a reply or event, as objects. */
    @SuppressWarnings("unchecked") // peer.js arrays here hold string-keyed objects
    static List<Map<String, Object>> objects(Map<String, Object> m, String key) {
        if (m.get(key) instanceof List<?> l) {
            return (List<Map<String, Object>>) l;
        }
        throw new AssertionError("missing array " + key + " in " + m);
    }
}
