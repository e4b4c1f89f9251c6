package io.ably4j.emulator;

import io.ably4j.emulator.internal.Wire;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Headless Chromium driven over the Chrome DevTools Protocol with the JDK's WebSocket client (no driver, no npm):
 * navigate, evaluate JavaScript, take PNG screenshots and click with real mouse events. One page per instance.
 */
final class HeadlessChromium implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://\\S+)");

    private final Process process;
    private final Path profile;
    private final WebSocket ws;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<Map<String, Object>>> calls = new ConcurrentHashMap<>();

    private HeadlessChromium(Process process, Path profile, WebSocket ws, Listener listener) {
        this.process = process;
        this.profile = profile;
        this.ws = ws;
        listener.owner = this;
    }

    /**
     * The browser to use: {@code -Dably4j.chromium=PATH}, else the install script's answer (it installs Debian's
     * {@code chromium} with apt-get where it is missing and it can). Returns an explanation instead when there is
     * none, for the test to skip with.
     */
    static Result<Path> locate() throws IOException, InterruptedException {
        String configured = System.getProperty("ably4j.chromium", System.getenv("ABLY4J_CHROMIUM"));
        if (configured != null && !configured.isBlank()) {
            return Result.ok(Path.of(configured));
        }
        URL script = HeadlessChromium.class.getResource("console/install-chromium.sh");
        if (script == null) {
            return Result.missing("install-chromium.sh is not on the test class path");
        }
        Path scriptPath;
        try {
            scriptPath = Path.of(script.toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        Path log = Files.createTempFile("install-chromium", ".log");
        try {
            Process p = new ProcessBuilder("bash", scriptPath.toString())
                    .redirectError(log.toFile())
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return Result.missing("installing Chromium took more than 10 minutes");
            }
            if (p.exitValue() != 0 || out.isEmpty()) {
                List<String> lines = Files.readAllLines(log);
                String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
                return Result.missing(
                        "Chromium is not installed and could not be installed (exit " + p.exitValue() + "): " + tail);
            }
            return Result.ok(Path.of(out.substring(out.lastIndexOf('\n') + 1).strip()));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** Starts the browser with a fresh profile and a {@code width}×{@code height} viewport at scale 1. */
    static HeadlessChromium launch(Path browser, int width, int height) throws Exception {
        Path profile = Files.createTempDirectory("ably4j-chromium");
        List<String> cmd = new ArrayList<>(List.of(
                browser.toString(),
                "--headless=new",
                "--no-sandbox", // the test may run as root in a container
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-extensions",
                "--hide-scrollbars",
                "--force-device-scale-factor=1",
                "--window-size=" + width + "," + height,
                "--remote-debugging-port=0",
                "--user-data-dir=" + profile,
                "about:blank"));
        Process process = new ProcessBuilder(cmd)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            URI browserWs = devToolsUri(process);
            URI list = URI.create("http://" + browserWs.getAuthority() + "/json/list");
            HttpClient http = HttpClient.newHttpClient();
            String pageWs = null;
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (pageWs == null) {
                String body = http.send(HttpRequest.newBuilder(list).build(), HttpResponse.BodyHandlers.ofString())
                        .body();
                Object targets = Wire.decodeJson(body);
                for (Object o : targets instanceof List<?> l ? l : List.of()) {
                    if (o instanceof Map<?, ?> m && "page".equals(m.get("type"))) {
                        pageWs = String.valueOf(m.get("webSocketDebuggerUrl"));
                    }
                }
                if (pageWs == null && System.nanoTime() > deadline) {
                    throw new IllegalStateException("Chromium opened no page");
                }
            }
            Listener listener = new Listener();
            WebSocket ws = http.newWebSocketBuilder()
                    .buildAsync(URI.create(pageWs), listener)
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            HeadlessChromium c = new HeadlessChromium(process, profile, ws, listener);
            c.call("Page.enable", Map.of());
            return c;
        } catch (Exception | Error e) {
            process.destroyForcibly();
            throw e;
        }
    }

    private static URI devToolsUri(Process process) throws IOException {
        BufferedReader err =
                new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = err.readLine()) != null) {
            Matcher m = DEVTOOLS.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> drain(err), "chromium-stderr");
                drain.setDaemon(true);
                drain.start();
                return URI.create(m.group(1));
            }
            seen.append(line).append('\n');
        }
        throw new IllegalStateException("Chromium exited before DevTools listened:\n" + seen);
    }

    private static void drain(BufferedReader r) {
        try {
            while (r.readLine() != null) {
                // discard: Chromium's own diagnostics
            }
        } catch (IOException ignored) {
            // the browser ended
        }
    }

    /** Sends one DevTools command and waits for its result. */
    Map<String, Object> call(String method, Map<String, Object> params) throws Exception {
        long id = ids.incrementAndGet();
        CompletableFuture<Map<String, Object>> f = new CompletableFuture<>();
        calls.put(id, f);
        Map<String, Object> msg = new LinkedHashMap<>();
        msg.put("id", id);
        msg.put("method", method);
        msg.put("params", params);
        ws.sendText(Wire.encodeJson(msg), true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        Map<String, Object> reply = f.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (reply.get("error") != null) {
            throw new IllegalStateException(method + " failed: " + reply.get("error"));
        }
        return Wire.castMap(reply.getOrDefault("result", Map.of()));
    }

    void navigate(URI uri) throws Exception {
        call("Page.navigate", Map.of("url", uri.toString()));
    }

    /** Evaluates a JavaScript expression in the page and returns its value (JSON types), awaiting promises. */
    @Nullable
    Object eval(String expression) throws Exception {
        Map<String, Object> r =
                call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (r.get("exceptionDetails") != null) {
            throw new IllegalStateException("JavaScript failed: " + r.get("exceptionDetails"));
        }
        Object value = r.get("result");
        return value == null ? null : Wire.castMap(value).get("value");
    }

    /** Polls a JavaScript condition until it is {@code true}, failing after {@link #TIMEOUT}. */
    void awaitTrue(String condition) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!Boolean.TRUE.equals(eval("Boolean(" + condition + ")"))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the page never satisfied: " + condition);
            }
            Thread.sleep(50); // polling interval of a deadline-bounded wait
        }
    }

    /** A PNG screenshot of the viewport. */
    byte[] screenshot() throws Exception {
        Map<String, Object> r = call("Page.captureScreenshot", Map.of("format", "png"));
        return Base64.getDecoder().decode(String.valueOf(r.get("data")));
    }

    /** A real left click (mouse moved, pressed, released) at a viewport point, as a user's. */
    void click(double x, double y) throws Exception {
        call("Input.dispatchMouseEvent", Map.of("type", "mouseMoved", "x", x, "y", y));
        call(
                "Input.dispatchMouseEvent",
                Map.of("type", "mousePressed", "x", x, "y", y, "button", "left", "clickCount", 1L));
        call(
                "Input.dispatchMouseEvent",
                Map.of("type", "mouseReleased", "x", x, "y", y, "button", "left", "clickCount", 1L));
    }

    @Override
    public void close() {
        try {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(2, TimeUnit.SECONDS);
        } finally {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            try (Stream<Path> files = Files.walk(profile)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException | java.io.UncheckedIOException ignored) {
                // Chromium's helper processes may still be adding or removing files (Files.walk reports a file that
                // vanished mid-walk as UncheckedIOException); the temp directory is cleaned later
            }
        }
    }

    private void reply(Map<String, Object> msg) {
        if (msg.get("id") instanceof Long id) {
            CompletableFuture<Map<String, Object>> f = calls.remove(id);
            if (f != null) {
                f.complete(msg);
            }
        }
    }

    /** A located browser or why there is none. */
    record Result<T>(@Nullable T value, String why) {
        static <T> Result<T> ok(T value) {
            return new Result<>(value, "");
        }

        static <T> Result<T> missing(String why) {
            return new Result<>(null, why);
        }
    }

    private static final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        volatile @Nullable HeadlessChromium owner;

        @Override
        public @Nullable CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String json = text.toString();
                text.setLength(0);
                HeadlessChromium o = owner;
                if (o != null) {
                    try {
                        o.reply(Wire.decodeJsonObject(json));
                    } catch (Wire.MalformedException e) {
                        throw new IllegalStateException("malformed DevTools message", e);
                    }
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
