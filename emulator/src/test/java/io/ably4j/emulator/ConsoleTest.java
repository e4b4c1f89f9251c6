package io.ably4j.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ably4j.emulator.internal.Frame;
import io.ably4j.emulator.internal.Wire;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The web console's HTTP side: off by default, its page and assets, the state snapshot and the event stream. */
@Timeout(30)
class ConsoleTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void consoleIsOffByDefaultEvenWithTheAdminApi() throws Exception {
        try (Emulator emu = Emulator.builder().adminPort(0).build()) {
            assertThatThrownBy(emu::consoleUri).isInstanceOf(IllegalStateException.class);
            assertThat(get(URI.create("http://127.0.0.1:" + emu.adminPort() + "/_console/"))
                            .statusCode())
                    .isEqualTo(404);
        }
        try (Emulator emu = Emulator.builder().build()) {
            assertThat(emu.adminPort()).isEqualTo(-1);
        }
    }

    @Test
    void consoleEnablesTheAdminListenerAndServesItsPageFromTheJar() throws Exception {
        try (Emulator emu = Emulator.builder().console(true).build()) {
            assertThat(emu.adminPort()).isPositive();
            assertThat(emu.consoleUri()).hasToString("http://127.0.0.1:" + emu.adminPort() + "/_console/");
            HttpResponse<String> page = get(emu.consoleUri());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(page.body())
                    .contains("ably4j emulator console", "/_console/console.js")
                    .doesNotContain("https://", "http://"); // no CDN: everything is served from the jar
            HttpResponse<String> js = get(emu.consoleUri().resolve("console.js"));
            assertThat(js.statusCode()).isEqualTo(200);
            assertThat(js.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
            assertThat(js.body()).contains("EventSource", "/_admin/connections/");
            assertThat(get(emu.consoleUri().resolve("console.css")).statusCode())
                    .isEqualTo(200);
            assertThat(get(emu.consoleUri().resolve("nope.js")).statusCode()).isEqualTo(404);
            // the admin API is still served beside it
            assertThat(get(emu.consoleUri().resolve("/_admin/connections")).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void stateShowsConnectionsChannelsSubscribersAndPresenceMembers() throws Exception {
        try (Emulator emu = Emulator.builder().console(true).build();
                WsClient alice = WsClient.connected(emu, "clientId", "alice");
                WsClient watcher = WsClient.connected(emu)) {
            alice.attach("room");
            watcher.attach("room");
            alice.send(Frame.of(Frame.PRESENCE)
                    .put("channel", "room")
                    .put("msgSerial", 0L)
                    .put("presence", List.of(Map.of("action", 2L, "data", "hi"))));
            alice.await(Frame.ACK);
            Map<String, Object> state =
                    Wire.decodeJsonObject(get(emu.consoleUri().resolve("state")).body());
            List<Object> connections = list(state.get("connections"));
            assertThat(connections).hasSize(2);
            Map<String, Object> a = connections.stream()
                    .map(Wire::castMap)
                    .filter(c -> "alice".equals(c.get("clientId")))
                    .findFirst()
                    .orElseThrow();
            assertThat(a).containsEntry("state", "connected").containsEntry("format", "json");
            assertThat(list(a.get("channels"))).containsExactly("room");
            List<Object> channels = list(state.get("channels"));
            assertThat(channels).hasSize(1);
            Map<String, Object> room = Wire.castMap(channels.get(0));
            assertThat(room).containsEntry("name", "room");
            assertThat(list(room.get("subscribers"))).hasSize(2).contains(a.get("connectionId"));
            Map<String, Object> member = Wire.castMap(list(room.get("presence")).get(0));
            assertThat(member)
                    .containsEntry("clientId", "alice")
                    .containsEntry("connectionId", a.get("connectionId"))
                    .containsEntry("data", "hi");

            alice.abort();
            emu.awaitConnection(c -> "alice".equals(c.clientId()) && !c.connected(), Duration.ofSeconds(10));
            Map<String, Object> after =
                    Wire.decodeJsonObject(get(emu.consoleUri().resolve("state")).body());
            assertThat(list(after.get("connections")).stream().map(Wire::castMap))
                    .anySatisfy(c ->
                            assertThat(c).containsEntry("clientId", "alice").containsEntry("state", "awaiting resume"));
        }
    }

    @Test
    void eventStreamStartsWithRecentEventsThenLiveOnesAndEndsWithItsClient() throws Exception {
        try (Emulator emu = Emulator.builder().console(true).build();
                WsClient client = WsClient.connected(emu)) {
            String id = Objects.requireNonNull(emu.connections().get(0).connectionId());
            client.attach("news");
            try (Socket s = new Socket(java.net.InetAddress.getLoopbackAddress(), emu.adminPort())) {
                s.setSoTimeout(10_000);
                OutputStream out = s.getOutputStream();
                String request = "GET /_console/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
                out.write(request.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                BufferedReader in =
                        new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
                // the backlog: this connection's CONNECTED, sent before the stream opened
                Map<String, Object> backlog = awaitEvent(
                        in,
                        e -> "FRAME_OUT".equals(e.get("type"))
                                && Long.valueOf(Frame.CONNECTED).equals(e.get("action")));
                assertThat(backlog).containsEntry("connectionId", id);
                // live: a message published now reaches the subscriber, and the stream shows it
                emu.publish("news", "headline", "extra");
                Map<String, Object> live = awaitEvent(
                        in,
                        e -> "FRAME_OUT".equals(e.get("type"))
                                && Long.valueOf(Frame.MESSAGE).equals(e.get("action")));
                assertThat(live).containsEntry("channel", "news").containsEntry("connectionId", id);
                assertThat(String.valueOf(live.get("detail"))).contains("headline", "extra");
                assertThat(emu.events().listenerCount()).isEqualTo(1);
            }
            // the browser went away: its listener is removed
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (emu.events().listenerCount() != 0) {
                assertThat(System.nanoTime()).as("listener removed in time").isLessThan(deadline);
                Thread.sleep(10); // polling interval of a deadline-bounded wait
            }
        }
    }

    @Test
    void helpListsTheConsoleFlag() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Main.run(
                new String[] {"--help"},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--console");
    }

    /** Reads server-sent events (chunked: size lines interleave) until one matches. */
    private static Map<String, Object> awaitEvent(
            BufferedReader in, java.util.function.Predicate<Map<String, Object>> match) throws Exception {
        String line;
        while ((line = in.readLine()) != null) {
            if (line.startsWith("data: {")) {
                Map<String, Object> e = Wire.decodeJsonObject(line.substring("data: ".length()));
                if (match.test(e)) {
                    return e;
                }
            }
        }
        throw new AssertionError("the event stream ended");
    }

    private static List<Object> list(@Nullable Object o) {
        if (!(o instanceof List<?> l)) {
            throw new AssertionError("not a list: " + o);
        }
        return List.copyOf(l);
    }
}
