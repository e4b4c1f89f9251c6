package io.ably4j.interop;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throwaway test CA and two server certificates it signs, made at test time with the JDK's {@code keytool} (so no
 * private key is committed and nothing beyond the JDK is needed): one for {@code localhost} (DNS and 127.0.0.1) and
 * one for {@code other.example} (a hostname mismatch for clients of {@code localhost}). Files are PEM, for Node's
 * {@code tls}; {@link #clientContext()} trusts the CA only. Valid for two days; EC P-256.
 */
final class TestCertificates {
    private static final String PASS = "test-only";

    /** A server's PEM certificate and PKCS#8 private key files. */
    record ServerCert(Path certPem, Path keyPem) {}

    final Path dir;
    final ServerCert localhost;
    final ServerCert otherHost;
    private final KeyStore trust;

    private TestCertificates(Path dir, ServerCert localhost, ServerCert otherHost, KeyStore trust) {
        this.dir = dir;
        this.localhost = localhost;
        this.otherHost = otherHost;
        this.trust = trust;
    }

    /** Generates the CA and both server certificates in a new temporary directory. */
    static TestCertificates generate() {
        try {
            Path dir = Files.createTempDirectory("ably4j-tls-test");
            Path ca = dir.resolve("ca.p12");
            keytool(
                    dir,
                    "-genkeypair",
                    "-keystore",
                    ca.toString(),
                    "-alias",
                    "ca",
                    "-keyalg",
                    "EC",
                    "-groupname",
                    "secp256r1",
                    "-dname",
                    "CN=ably4j test CA",
                    "-ext",
                    "bc:c",
                    "-validity",
                    "2");
            ServerCert localhost = server(dir, ca, "localhost", "san=dns:localhost,ip:127.0.0.1");
            ServerCert other = server(dir, ca, "other.example", "san=dns:other.example");
            KeyStore caStore = load(ca);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", caStore.getCertificate("ca"));
            return new TestCertificates(dir, localhost, other, trust);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A TLS context that trusts the test CA only (not the JDK's default CAs). */
    SSLContext clientContext() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Deletes the directory (keys included). */
    void delete() {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ServerCert server(Path dir, Path ca, String cn, String san)
            throws IOException, GeneralSecurityException {
        Path store = dir.resolve(cn + ".p12");
        Path csr = dir.resolve(cn + ".csr");
        Path signed = dir.resolve(cn + ".crt");
        keytool(
                dir,
                "-genkeypair",
                "-keystore",
                store.toString(),
                "-alias",
                "server",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=" + cn,
                "-validity",
                "2");
        keytool(dir, "-certreq", "-keystore", store.toString(), "-alias", "server", "-file", csr.toString());
        keytool(
                dir,
                "-gencert",
                "-keystore",
                ca.toString(),
                "-alias",
                "ca",
                "-infile",
                csr.toString(),
                "-outfile",
                signed.toString(),
                "-rfc",
                "-validity",
                "2",
                "-ext",
                san,
                "-ext",
                "eku=serverAuth",
                "-ext",
                "ku:c=digitalSignature");
        KeyStore ks = load(store);
        Key key = ks.getKey("server", PASS.toCharArray());
        Path keyPem = dir.resolve(cn + ".key.pem");
        Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
        Path certPem = dir.resolve(cn + ".pem");
        List<Certificate> chain = new ArrayList<>();
        try (InputStream in = Files.newInputStream(signed)) {
            chain.add(java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        Files.writeString(certPem, pem("CERTIFICATE", chain.get(0).getEncoded()), StandardCharsets.US_ASCII);
        return new ServerCert(certPem, keyPem);
    }

    private static KeyStore load(Path p12) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            ks.load(in, PASS.toCharArray());
        }
        return ks;
    }

    private static String pem(String type, byte[] der) {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + b64 + "\n-----END " + type + "-----\n";
    }

    private static void keytool(Path dir, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-storepass", PASS, "-keypass", PASS, "-storetype", "PKCS12", "-noprompt"));
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("keytool " + args[0] + " failed: " + new String(out, StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
