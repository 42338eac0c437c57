package dev.wirestack.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * The real tools some tests need (tshark, curl, openssl, chromium, ip...). Without one, a test is skipped with the
 * reason, unless the environment variable CI is "true": then it fails, so a CI run can never pass by skipping
 * (.ci/run installs every tool the tests need).
 */
public final class RequiredTools {
    private RequiredTools() {
    }

    /** The tool's path, looked up on PATH and in the usual system directories; skips or fails when it is absent. */
    public static Path require(String tool, String installHint) {
        return find(tool).orElseGet(() -> {
            unavailable(tool + " is not installed or not on PATH (" + installHint + ")");
            throw new AssertionError("unreachable");
        });
    }

    public static Optional<Path> find(String tool) {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin"
                + File.pathSeparator + "/usr/sbin" + File.pathSeparator + "/sbin";
        for (String directory : path.split(File.pathSeparator)) {
            if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, tool))) {
                return Optional.of(Path.of(directory, tool));
            }
        }
        return Optional.empty();
    }

    /** Skips the calling test with {@code reason}, or fails it under CI=true. Never returns normally. */
    public static void unavailable(String reason) {
        if ("true".equals(System.getenv("CI"))) {
            fail(reason + " (CI=true: this test must run; .ci/run installs what it needs)");
        }
        Assumptions.abort(reason);
    }
}
