package io.ably4j.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.emulator.internal.Frame;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** TLS listener with a generated self-signed certificate (SAN localhost, 127.0.0.1). */
class TlsTest {
    @Test
    void wssAndHttpsWorkWithTheExportedTrustMaterial() throws Exception {
        try (Emulator emu = Emulator.builder().tls(true).strictBasicAuth(true).build()) {
            assertThat(emu.realtimeUri().getScheme()).isEqualTo("wss");
            X509Certificate cert = (X509Certificate) emu.trustStore().getCertificate("ably4j-emulator");
            List<Object> sans = new java.util.ArrayList<>();
            cert.getSubjectAlternativeNames().forEach(l -> sans.add(l.get(1)));
            assertThat(sans).containsExactlyInAnyOrder("localhost", "127.0.0.1");
            assertThat(emu.certificatePem()).startsWith("-----BEGIN CERTIFICATE-----");
            try (WsClient c = WsClient.connect(emu, Map.of("key", emu.key()), emu.clientSslContext(), Long.MAX_VALUE)) {
                assertThat(c.await(Frame.CONNECTED).requireMap("connectionDetails"))
                        .containsKey("connectionKey");
            }
            HttpClient https =
                    HttpClient.newBuilder().sslContext(emu.clientSslContext()).build();
            HttpResponse<String> r = https.send(
                    HttpRequest.newBuilder(URI.create(emu.restUri() + "time")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            HttpResponse<String> viaIp = https.send(
                    HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + emu.port() + "/time"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(viaIp.statusCode()).isEqualTo(200);
            assertThat(List.of(emu.tls())).containsExactly(true);
        }
    }
}
