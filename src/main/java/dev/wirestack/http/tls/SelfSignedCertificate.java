package dev.wirestack.http.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A self-signed server certificate made at start by the running JDK's own {@code keytool -genkeypair}: an ECDSA
 * P-256 key, SHA256withECDSA, subject alternative names "localhost", 127.0.0.1 and the server's addresses.
 *
 * <p>Why keytool and not BouncyCastle: the JDK has no public API to sign a certificate, and keytool is the JDK's own
 * certificate code, so no dependency and no home-made ASN.1 or cryptography. The key store lives in a private
 * temporary directory only until it is loaded, and its password goes to keytool through the environment, never the
 * command line. The cost is one process start (about a second); a runtime image without keytool gets a clear error
 * and can be given a key store instead.
 */
final class SelfSignedCertificate {
    private static final Pattern ADDRESS = Pattern.compile("[0-9.]+|[0-9A-Fa-f:]+");
    private static final String PASSWORD_VARIABLE = "WIRESTACK_KEYSTORE_PASSWORD";

    private SelfSignedCertificate() {
    }

    /** The password of the key store {@link #generate} returns. */
    record Generated(KeyStore keyStore, char[] password) {
    }

    /** Generates a key pair and its certificate valid for "localhost", 127.0.0.1 and {@code addresses}. */
    static Generated generate(List<String> addresses) throws IOException, GeneralSecurityException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        if (!Files.isExecutable(keytool)) {
            throw new IOException("cannot generate a self-signed certificate: " + keytool
                    + " is not there (a runtime without keytool); give a key store instead");
        }
        Set<String> ips = new LinkedHashSet<>();
        ips.add("127.0.0.1");
        for (String address : addresses) {
            if (!ADDRESS.matcher(address).matches()) {
                throw new IllegalArgumentException("not an IP address: " + address);
            }
            ips.add(address);
        }
        StringBuilder san = new StringBuilder("SAN=dns:localhost");
        ips.forEach(ip -> san.append(",ip:").append(ip));
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        char[] password = HexFormat.of().formatHex(random).toCharArray();

        Path directory = Files.createTempDirectory("wirestack-tls");
        Path store = directory.resolve("server.p12");
        try {
            List<String> command = new ArrayList<>(List.of(keytool.toString(), "-genkeypair", "-alias", "wirestack",
                    "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA", "-validity", "825",
                    "-dname", "CN=localhost, O=Wirestack", "-ext", san.toString(), "-storetype", "PKCS12",
                    "-keystore", store.toString(), "-storepass:env", PASSWORD_VARIABLE, "-noprompt"));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put(PASSWORD_VARIABLE, new String(password));
            Process process = builder.start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException("keytool could not generate a certificate: "
                        + new String(output, StandardCharsets.UTF_8).strip());
            }
            return new Generated(KeyStore.getInstance(store.toFile(), password), password);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while generating a certificate", e);
        } finally {
            Files.deleteIfExists(store);
            Files.deleteIfExists(directory);
        }
    }
}
