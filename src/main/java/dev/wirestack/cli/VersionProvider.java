package dev.wirestack.cli;

import picocli.CommandLine.IVersionProvider;

/** The version printed by {@code wirestack --version}: the jar's implementation version when packaged. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {"wirestack " + (version == null ? "development build" : version)
                + " on Java " + Runtime.version()};
    }
}
