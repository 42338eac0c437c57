package dev.wirestack.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The package tree shows the layers; these rules keep the arrows pointing one way. */
class LayeringTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.wirestack");

    @Test
    void packetFormatsDependOnNothingElseInWirestack() {
        noClasses().that().resideInAPackage("dev.wirestack.wire..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.wirestack.link..", "dev.wirestack.arp..", "dev.wirestack.ip..", "dev.wirestack.icmp..",
                        "dev.wirestack.udp..", "dev.wirestack.tcp..", "dev.wirestack.stack..", "dev.wirestack.sim..",
                        "dev.wirestack.trace..", "dev.wirestack.cli..")
                .allowEmptyShould(true)
                .check(CLASSES);
    }

    @Test
    void theProtocolCoreNeverDependsOnItsDrivers() {
        noClasses().that().resideInAnyPackage("dev.wirestack.wire..", "dev.wirestack.link..", "dev.wirestack.arp..",
                        "dev.wirestack.ip..", "dev.wirestack.icmp..", "dev.wirestack.udp..", "dev.wirestack.tcp..",
                        "dev.wirestack.stack..", "dev.wirestack.trace..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.wirestack.sim..", "dev.wirestack.runtime..",
                        "dev.wirestack.tap..", "dev.wirestack.report..", "dev.wirestack.bench..", "dev.wirestack.cli..")
                .allowEmptyShould(true)
                .check(CLASSES);
    }

    @Test
    void theProtocolCoreNeverReadsTheWallClockOrSleeps() {
        noClasses().that().resideInAnyPackage("dev.wirestack.wire..", "dev.wirestack.arp..", "dev.wirestack.ip..",
                        "dev.wirestack.icmp..", "dev.wirestack.udp..", "dev.wirestack.tcp..", "dev.wirestack.stack..",
                        "dev.wirestack.sim..")
                .should().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(Thread.class, "sleep", long.class)
                .orShould().callConstructor(java.util.Random.class)
                .allowEmptyShould(true)
                .check(CLASSES);
    }

    @Test
    void onlyTheBenchmarksUseNetty() {
        noClasses().that().resideOutsideOfPackage("dev.wirestack.bench..")
                .should().dependOnClassesThat().resideInAPackage("io.netty..")
                .check(CLASSES);
    }
}
