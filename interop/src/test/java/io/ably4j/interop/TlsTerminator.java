package io.ably4j.interop;

import io.ably4j.types.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Node's TLS server (OpenSSL) in front of a plain-text emulator, in a child {@code node} process running
 * {@code src/test/js/tls-terminator.js}: clients connect with TLS to {@link #port()} and reach the emulator. Records
 * the server's view of each TLS connection (negotiated version, session reuse) and can close the connections with
 * close_notify, without it, or with a TCP reset. Thread-safe; {@link #close()} ends the process.
 */
final class TlsTerminator implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Path SCRIPT =
            Path.of("src", "test", "js", "tls-terminator.js").toAbsolutePath();

    /** How {@link #closeConnections} ends the server's TLS connections. */
    enum CloseMode {
        /** close_notify, then FIN ({@code socket.end()}). */
        CLOSE_NOTIFY("end"),
        /** FIN without close_notify ({@code socket.destroy()}). */
        FIN("destroy"),
        /** a TCP reset of the client's connection ({@code resetAndDestroy()}). */
        RST("reset");

        final String wire;

        CloseMode(String wire) {
            this.wire = wire;
        }
    }

    /** The server's view of one TLS connection that completed its handshake. */
    record Secure(int n, String protocol, boolean reused, String servername) {}

    private final Process process;
    private final Writer stdin;
    private final AtomicLong ids = new AtomicLong();
    private final JavaPeer.Recorder<Map<String, Object>> events = new JavaPeer.Recorder<>();
    private final StringBuilder stderr = new StringBuilder();
    private final int port;

    private TlsTerminator(Process process) {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread out = new Thread(this::readStdout, "tls-terminator-stdout");
        out.setDaemon(true);
        out.start();
        Thread err = new Thread(this::readStderr, "tls-terminator-stderr");
        err.setDaemon(true);
        err.start();
        int p;
        try {
            p = (int) JsPeer.number(await(event("ready"), 1).get(0), "port");
        } catch (AssertionError e) {
            close();
            throw new IllegalStateException("the TLS terminator did not start: " + stderr(), e);
        }
        this.port = p;
    }

    /**
     * Starts a terminator for the emulator on {@code backendPort} with the server certificate, the TLS versions
     * allowed (e.g. {@code TLSv1.2}) and, with {@code split}, its output to the client in pieces of 1-7 bytes.
     */
    static TlsTerminator start(
            int backendPort, TestCertificates.ServerCert cert, String minVersion, String maxVersion, boolean split) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("backendPort", backendPort);
        config.put("cert", cert.certPem().toString());
        config.put("key", cert.keyPem().toString());
        config.put("minVersion", minVersion);
        config.put("maxVersion", maxVersion);
        config.put("split", split);
        ProcessBuilder pb =
                new ProcessBuilder("node", SCRIPT.toString(), Json.of(config).text());
        pb.directory(SCRIPT.toFile().getParentFile());
        try {
            return new TlsTerminator(pb.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start node (is Node.js on the PATH?)", e);
        }
    }

    /** The port clients connect to with TLS. */
    int port() {
        return port;
    }

    /** Waits for the {@code n}th (1-based) completed TLS handshake and returns the server's view of it. */
    Secure awaitSecure(int n) {
        Map<String, Object> e = await(event("secure"), n).get(n - 1);
        Object servername = e.get("servername");
        return new Secure(
                (int) JsPeer.number(e, "n"),
                JsPeer.string(e, "protocol"),
                Boolean.TRUE.equals(e.get("reused")),
                servername == null ? "" : servername.toString());
    }

    /** Waits for a handshake the server could not complete, and returns its error message. */
    String awaitTlsError() {
        return JsPeer.string(await(event("tlsError"), 1).get(0), "message");
    }

    /** The completed handshakes so far. */
    long secureCount() {
        return events.snapshot().stream().filter(event("secure")).count();
    }

    /** Ends every open TLS connection with {@code mode}. */
    void closeConnections(CloseMode mode) {
        call("close", "mode", mode.wire);
    }

    /**
     * Renegotiates the one open TLS 1.2 connection from the server's side (a HelloRequest) and waits until the new
     * handshake completes; the client must take part while its application data keeps flowing.
     */
    void renegotiate() {
        call("renegotiate");
    }

    private void call(String name, String... keyValues) {
        long id = ids.incrementAndGet();
        Map<String, Object> cmd = new LinkedHashMap<>();
        cmd.put("id", id);
        cmd.put("cmd", name);
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            cmd.put(keyValues[i], keyValues[i + 1]);
        }
        write(Json.of(cmd).text());
        Map<String, Object> reply = await(e -> e.get("id") instanceof Number n && n.longValue() == id, 1)
                .get(0);
        if (!Boolean.TRUE.equals(reply.get("ok"))) {
            throw new AssertionError("TLS terminator " + name + " failed: " + reply + "; stderr: " + stderr());
        }
    }

    private List<Map<String, Object>> await(Predicate<Map<String, Object>> filter, int count) {
        try {
            return events.await(filter, count, TIMEOUT, "TLS terminator events");
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; events " + events.snapshot() + "; stderr: " + stderr(), e);
        }
    }

    private static Predicate<Map<String, Object>> event(String type) {
        return e -> type.equals(e.get("event"));
    }

    private void write(String line) {
        try {
            synchronized (stdin) {
                stdin.write(line);
                stdin.write('\n');
                stdin.flush();
            }
        } catch (IOException e) {
            throw new AssertionError("cannot write to the TLS terminator; stderr: " + stderr(), e);
        }
    }

    @SuppressWarnings("unchecked") // the script writes one JSON object per line
    private void readStdout() {
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (Json.parse(line).toValue() instanceof Map<?, ?> m) {
                    events.add((Map<String, Object>) m);
                } else {
                    appendStderr("[unexpected stdout] " + line);
                }
            }
        } catch (IOException | RuntimeException e) {
            appendStderr("[stdout] " + e);
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

    String stderr() {
        synchronized (stderr) {
            return stderr.toString();
        }
    }

    /** Ends the process (asks first, then kills). Idempotent. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        try {
            write("{\"cmd\":\"exit\"}");
        } catch (AssertionError e) {
            // already gone
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
