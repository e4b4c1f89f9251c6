package io.ably4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.ably4j.cli.CliRunner.Result;
import io.ably4j.emulator.Emulator;
import io.ably4j.types.Json;
import io.ably4j.types.TokenDetails;
import io.ably4j.types.TokenRequest;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code ably4j token}, and {@code --token} and {@code --auth-url} of the connecting commands, against an emulator. */
@Timeout(30)
class TokenAuthEndToEndTest {
    private static Emulator emulator;

    @BeforeAll
    static void start() {
        emulator = Emulator.builder().port(0).build(); // the default key, as `ably4j emulator` runs
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    private static String port() {
        return Integer.toString(emulator.port());
    }

    @Test
    void aTokenFromTheEmulatorWorksWithSubscribeAndPublishToken() throws Exception {
        Result issued = CliRunner.run(
                "token",
                "--port",
                port(),
                "--client-id",
                "cli-user",
                "--ttl",
                "600000",
                "--capability",
                "{ \"tok:*\": [\"publish\", \"subscribe\"] }");
        assertThat(issued.code()).as(issued.err()).isZero();
        assertThat(issued.err()).isEmpty();
        assertThat(issued.out().lines()).hasSize(1);
        TokenDetails details = TokenDetails.fromJson(issued.out().trim());
        assertThat(details.clientId()).isEqualTo("cli-user");
        assertThat(Json.parse(Objects.requireNonNull(details.capability())))
                .isEqualTo(Json.parse("{\"tok:*\":[\"publish\",\"subscribe\"]}"));
        assertThat(Objects.requireNonNull(details.expires()) - Objects.requireNonNull(details.issued()))
                .isEqualTo(600_000L);
        String token = details.token();

        CliRunner subscriber = new CliRunner(Map.of());
        CompletableFuture<Result> run = CompletableFuture.supplyAsync(() -> subscriber.execute(
                "subscribe", "tok:chat", "--token", token, "--port", port(), "--count", "1", "--timeout", "20s"));
        subscriber.errContains("attached to tok:chat").get(15, TimeUnit.SECONDS);
        Result published = CliRunner.run("publish", "tok:chat", "greeting", "hi", "--token", token, "--port", port());
        assertThat(published.code()).as(published.err()).isZero();
        assertThat(published.out()).contains("published 'greeting' (string) to tok:chat on emulator at localhost:");
        Result r = run.get(15, TimeUnit.SECONDS);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("attached to tok:chat on emulator at localhost:" + port() + " (msgpack, token)");
        assertThat(r.out()).contains("  greeting  string  hi  from cli-user");
        assertThat(r.out() + r.err()).doesNotContain(token);

        // the token's capability holds: another channel is refused
        Result denied = CliRunner.run("subscribe", "other", "--token", token, "--port", port(), "--timeout", "5s");
        assertThat(denied.code()).isEqualTo(1);
        assertThat(denied.err()).contains("code 40160");
    }

    @Test
    void aTokenRequestServedByAnAuthUrlConnects() throws Exception {
        Result signed = CliRunner.run("token", "--request", "--port", port(), "--client-id", "url-user");
        assertThat(signed.code()).as(signed.err()).isZero();
        TokenRequest request = TokenRequest.fromJson(signed.out().trim());
        assertThat(request.keyName()).isEqualTo("emulator.default");
        assertThat(request.clientId()).isEqualTo("url-user");
        assertThat(request.mac()).isNotEmpty();
        assertThat(request.nonce()).hasSizeGreaterThanOrEqualTo(16);

        AtomicInteger served = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/auth", exchange -> {
            try (exchange) {
                served.incrementAndGet();
                byte[] body = signed.out().trim().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.start();
        try {
            String authUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/auth";
            Result r = CliRunner.run("ping", "--auth-url", authUrl, "--port", port(), "--count", "1", "--json");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("connected to emulator at localhost:" + port() + " (json, authUrl)");
            assertThat(r.out()).contains("ping 1: rtt ");
            assertThat(served).hasValue(1);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void withoutAKeyTheTokenComesFromAnEmbeddedEmulatorAndSaysSo() {
        Result token = CliRunner.run("token", "--ttl", "60000");
        assertThat(token.code()).as(token.err()).isZero();
        assertThat(token.err()).contains("embedded emulator, which stops when this command exits");
        TokenDetails details = TokenDetails.fromJson(token.out().trim());
        assertThat(details.token()).startsWith("emulator.");
        assertThat(details.clientId()).isNull();

        Result request = CliRunner.run("token", "--request", "--client-id", "*");
        assertThat(request.code()).as(request.err()).isZero();
        assertThat(request.err()).contains("signed with the emulator's default key");
        TokenRequest tr = TokenRequest.fromJson(request.out().trim());
        assertThat(tr.keyName()).isEqualTo(Emulator.DEFAULT_KEY.substring(0, Emulator.DEFAULT_KEY.indexOf(':')));
        assertThat(tr.clientId()).isEqualTo("*");
        assertThat(tr.ttl()).isNull();
    }

    @Test
    void aTokenTheServerDoesNotKnowFailsWith40171() {
        Result r = CliRunner.run("ping", "--token", "emulator.unknown-token", "--port", port(), "--log-level", "none");
        assertThat(r.code()).isEqualTo(1);
        // RSA4a2: a token error with no means to renew the token
        assertThat(r.err()).startsWith("error: ").contains("code 40171").doesNotContain("unknown-token");
    }

    @Test
    void aTokenForAnUnknownKeyIsAnError() {
        Result r = CliRunner.run(
                "token", "--key", "no.such:key", "--endpoint", "localhost", "--port", port(), "--log-level", "none");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).containsPattern("error: .+ \\(code 4\\d{4}, status 40\\d\\)");
        assertThat(r.out()).isEmpty();
    }
}
