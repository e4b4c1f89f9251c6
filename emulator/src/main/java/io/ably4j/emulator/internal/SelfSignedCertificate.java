package io.ably4j.emulator.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/**
 * Generates a self-signed EC P-256 certificate for {@code CN=localhost} with subjectAltName
 * {@code DNS:localhost, IP:127.0.0.1} using only JDK APIs (a small DER writer; the JDK has no public
 * certificate builder). The certificate is its own CA ({@code basicConstraints cA=true}) so it can
 * be used directly as a trust anchor by Java and Node.
 */
public final class SelfSignedCertificate {
    private final PrivateKey privateKey;
    private final X509Certificate certificate;

    private SelfSignedCertificate(PrivateKey privateKey, X509Certificate certificate) {
        this.privateKey = privateKey;
        this.certificate = certificate;
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** The certificate in PEM form. */
    public String pem() {
        try {
            String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(certificate.getEncoded());
            return "-----BEGIN CERTIFICATE-----\n" + b64 + "\n-----END CERTIFICATE-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Generates a fresh key pair and certificate valid from one day ago for one year. */
    public static SelfSignedCertificate generate() {
        try {
            KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
            kpg.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair kp = kpg.generateKeyPair();
            byte[] ecdsaWithSha256 = seq(oid("1.2.840.10045.4.3.2"));
            byte[] name = seq(set(seq(oid("2.5.4.3"), tlv(0x0c, "localhost".getBytes(StandardCharsets.UTF_8)))));
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            byte[] validity = seq(utcTime(now.minus(1, ChronoUnit.DAYS)), utcTime(now.plus(365, ChronoUnit.DAYS)));
            byte[] san = seq(
                    tlv(0x82, "localhost".getBytes(StandardCharsets.US_ASCII)), tlv(0x87, new byte[] {127, 0, 0, 1}));
            byte[] basicConstraints = seq(new byte[] {0x01, 0x01, (byte) 0xff});
            // keyUsage: digitalSignature(0), keyCertSign(5) -> bits 1000 0100, 2 unused bits
            byte[] keyUsage = tlv(0x03, new byte[] {0x02, (byte) 0x84});
            byte[] extKeyUsage = seq(oid("1.3.6.1.5.5.7.3.1"));
            byte[] extensions = tlv(
                    0xa3,
                    seq(
                            extension("2.5.29.17", false, san),
                            extension("2.5.29.19", true, basicConstraints),
                            extension("2.5.29.15", true, keyUsage),
                            extension("2.5.29.37", false, extKeyUsage)));
            byte[] serial = new byte[16];
            new SecureRandom().nextBytes(serial);
            serial[0] &= 0x7f;
            byte[] tbs = seq(
                    tlv(0xa0, integer(BigInteger.TWO)),
                    integer(new BigInteger(1, serial)),
                    ecdsaWithSha256,
                    name,
                    validity,
                    name,
                    kp.getPublic().getEncoded(),
                    extensions);
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(kp.getPrivate());
            signer.update(tbs);
            byte[] sig = signer.sign();
            byte[] bitString = new byte[sig.length + 1];
            System.arraycopy(sig, 0, bitString, 1, sig.length);
            byte[] der = seq(tbs, ecdsaWithSha256, tlv(0x03, bitString));
            X509Certificate cert = (X509Certificate)
                    CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
            cert.verify(kp.getPublic());
            return new SelfSignedCertificate(kp.getPrivate(), cert);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a self-signed certificate", e);
        }
    }

    private static byte[] extension(String oid, boolean critical, byte[] value) {
        return critical
                ? seq(oid(oid), new byte[] {0x01, 0x01, (byte) 0xff}, tlv(0x04, value))
                : seq(oid(oid), tlv(0x04, value));
    }

    private static byte[] utcTime(Instant t) {
        String s = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'")
                .withZone(ZoneOffset.UTC)
                .format(t);
        return tlv(0x17, s.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] integer(BigInteger v) {
        return tlv(0x02, v.toByteArray());
    }

    private static byte[] oid(String dotted) {
        String[] parts = dotted.split("\\.", -1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(Integer.parseInt(parts[0]) * 40 + Integer.parseInt(parts[1]));
        for (int i = 2; i < parts.length; i++) {
            long v = Long.parseLong(parts[i]);
            int groups = 1;
            for (long x = v >>> 7; x != 0; x >>>= 7) {
                groups++;
            }
            for (int g = groups - 1; g >= 0; g--) {
                int b = (int) ((v >>> (7 * g)) & 0x7f);
                out.write(g == 0 ? b : b | 0x80);
            }
        }
        return tlv(0x06, out.toByteArray());
    }

    private static byte[] seq(byte[]... parts) {
        return tlv(0x30, concat(parts));
    }

    private static byte[] set(byte[]... parts) {
        return tlv(0x31, concat(parts));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int len = value.length;
        if (len < 0x80) {
            out.write(len);
        } else if (len < 0x100) {
            out.write(0x81);
            out.write(len);
        } else {
            out.write(0x82);
            out.write(len >> 8);
            out.write(len & 0xff);
        }
        out.writeBytes(value);
        return out.toByteArray();
    }
}
