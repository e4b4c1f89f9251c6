package io.ably4j.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.emulator.internal.Frame;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Standalone launcher flags and the admin HTTP API. */
class MainAndAdminTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void helpListsEveryFlag() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Main.run(
                new String[] {"--help"},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains(
                        "--port",
                        "--key",
                        "--tls",
                        "--admin-port",
                        "--strict-basic-auth",
                        "--connection-state-ttl",
                        "--auth-request-lead");
    }

    @Test
    void aNegativeAuthRequestLeadIsAUsageError() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(
                new String[] {"--auth-request-lead", "-1"},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("authRequestLead must not be negative");
    }

    @Test
    void unknownFlagIsAUsageError() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(
                new String[] {"--bogus"},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option: --bogus");
    }

    private static HttpResponse<String> admin(Emulator emu, String method, String path, String body) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + emu.adminPort() + path))
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HTTP.send(r, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void adminApiIsOffByDefault() {
        try (Emulator emu = Emulator.builder().build()) {
            assertThat(emu.adminPort()).isEqualTo(-1);
        }
    }

    @Test
    void adminApiRefusesOtherOriginsAndSendsNoCorsHeader() throws Exception {
        try (Emulator emu = Emulator.builder().adminPort(0).build()) {
            String self = "http://127.0.0.1:" + emu.adminPort();
            HttpRequest evil = HttpRequest.newBuilder(URI.create(self + "/_admin/connections"))
                    .header("Origin", "https://evil.example")
                    .build();
            HttpResponse<String> refused = HTTP.send(evil, HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).contains("40300");
            HttpRequest page = HttpRequest.newBuilder(URI.create(self + "/_admin/connections"))
                    .header("Origin", self)
                    .build();
            HttpResponse<String> allowed = HTTP.send(page, HttpResponse.BodyHandlers.ofString());
            assertThat(allowed.statusCode()).isEqualTo(200);
            assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin"))
                    .isEmpty();
            assertThat(admin(emu, "GET", "/_admin/connections", "").statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void adminApiListsApps() throws Exception {
        try (Emulator emu = Emulator.builder().adminPort(0).key("main.k:s").build()) {
            EmulatorApp created = emu.apps().create();
            HttpResponse<String> list = admin(emu, "GET", "/_admin/apps", "");
            assertThat(list.statusCode()).isEqualTo(200);
            assertThat(list.body())
                    .contains("\"appId\":\"main\"", "\"default\":true", created.key(), "\"default\":false");
        }
    }

    @Test
    void adminApiDrivesFaults() throws Exception {
        try (Emulator emu = Emulator.builder().adminPort(0).build();
                WsClient c = WsClient.connect(emu)) {
            String id = String.valueOf(c.await(Frame.CONNECTED).string("connectionId"));
            HttpResponse<String> list = admin(emu, "GET", "/_admin/connections", "");
            assertThat(list.statusCode()).isEqualTo(200);
            assertThat(list.body()).contains(id);
            assertThat(admin(emu, "POST", "/_admin/connections/" + id + "/inject", "{\"action\":17}")
                            .statusCode())
                    .isEqualTo(200);
            c.await(Frame.AUTH);
            assertThat(admin(emu, "POST", "/_admin/rules", "{\"direction\":\"toClient\",\"action\":11,\"times\":1}")
                            .statusCode())
                    .isEqualTo(200);
            assertThat(emu.faults().rules()).hasSize(1);
            assertThat(admin(emu, "DELETE", "/_admin/rules", "").statusCode()).isEqualTo(200);
            assertThat(emu.faults().rules()).isEmpty();
            assertThat(admin(emu, "GET", "/_admin/log", "").body()).contains("\"type\":\"FRAME_OUT\"");
            assertThat(admin(emu, "POST", "/_admin/connections/" + id + "/drop?mode=RST", "")
                            .statusCode())
                    .isEqualTo(200);
            c.awaitClosed();
            assertThat(admin(emu, "POST", "/_admin/connections/nope/drop", "").statusCode())
                    .isEqualTo(400);
            assertThat(admin(emu, "GET", "/_admin/bogus", "").statusCode()).isEqualTo(404);
            assertThat(admin(emu, "POST", "/_admin/server/refuse?mode=HTTP_503", "")
                            .statusCode())
                    .isEqualTo(200);
            assertThat(admin(emu, "POST", "/_admin/reset", "").statusCode()).isEqualTo(200);
            try (WsClient again = WsClient.connected(emu)) {
                assertThat(again.json).isTrue();
            }
        }
    }
}
