package dev.wirestack.http.tls;

import dev.wirestack.testing.RequiredTools;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The server's certificate: generated with the right names, its fingerprint as openssl prints it, key stores read. */
class ServerTlsTest {
    private static SelfSignedCertificate.Generated generatedStore;
    private static ServerTls generated;

    @TempDir
    Path directory;

    @BeforeAll
    static void certificate() throws Exception {
        generatedStore = SelfSignedCertificate.generate(List.of("10.2.0.2", "192.0.2.10"));
        generated = ServerTls.of(generatedStore.keyStore(), generatedStore.password());
    }

    @Test
    void selfSigned_namesLocalhostLoopbackAndTheServersAddresses() throws Exception {
        List<String> names = generated.certificate().getSubjectAlternativeNames().stream()
                .map(entry -> entry.get(1).toString()).toList();

        assertThat(names).containsExactly("localhost", "127.0.0.1", "10.2.0.2", "192.0.2.10");
        assertThat(generated.certificate().getSubjectX500Principal().getName()).contains("CN=localhost");
        assertThat(generated.certificate().getSigAlgName()).isEqualTo("SHA256withECDSA");
    }

    @Test
    void selfSigned_refusesSomethingThatIsNoAddress() {
        assertThatThrownBy(() -> ServerTls.selfSigned(List.of("localhost,dns:evil.example")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an IP address");
    }

    @Test
    void fingerprint_isTheSha256ThatOpensslPrints() throws Exception {
        RequiredTools.require("openssl", "apt-get install openssl");
        String pem = "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(generated.certificate().getEncoded())
                + "\n-----END CERTIFICATE-----\n";
        Process openssl = new ProcessBuilder("openssl", "x509", "-noout", "-fingerprint", "-sha256")
                .redirectErrorStream(true).start();
        try (OutputStream in = openssl.getOutputStream()) {
            in.write(pem.getBytes(StandardCharsets.US_ASCII));
        }
        String printed = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        assertThat(openssl.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(generated.fingerprint()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        assertThat(printed).endsWith("Fingerprint=" + generated.fingerprint());
    }

    @Test
    void fromKeyStore_readsJksAndPkcs12Files() throws Exception {
        char[] password = "changeit".toCharArray();
        // The generated key and certificate, saved under a known password in both formats.
        KeyStore.PrivateKeyEntry entry = generatedKey();
        for (String type : List.of("JKS", "PKCS12")) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(null, null);
            store.setEntry("server", entry, new KeyStore.PasswordProtection(password));
            Path file = directory.resolve("server." + type.toLowerCase());
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, password);
            }

            ServerTls loaded = ServerTls.fromKeyStore(file, password);

            assertThat(loaded.certificate()).isEqualTo(generated.certificate());
            assertThat(loaded.fingerprint()).isEqualTo(generated.fingerprint());
        }
    }

    @Test
    void fromKeyStore_wrongPassword_isAClearError() throws Exception {
        char[] password = "right".toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setEntry("server", generatedKey(), new KeyStore.PasswordProtection(password));
        Path file = directory.resolve("server.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password);
        }

        assertThatThrownBy(() -> ServerTls.fromKeyStore(file, "wrong".toCharArray()))
                .hasMessageContaining("password");
    }

    private static KeyStore.PrivateKeyEntry generatedKey() throws Exception {
        return (KeyStore.PrivateKeyEntry) generatedStore.keyStore().getEntry("wirestack",
                new KeyStore.PasswordProtection(generatedStore.password()));
    }
}
