package dev.gatehouse.auth;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Holds the picture of DESIGN.md: package by feature, dependencies pointing inward, no grab-bag packages.
 */
class ArchitectureTests {

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.gatehouse.auth");

	@Test
	void coreFeaturesNeverUseProtocolConsoleOrOperations() {
		noClasses().that()
			.resideInAnyPackage("..auth.client..", "..auth.token..", "..auth.keys..", "..auth.user..",
					"..auth.audit..", "..auth.cluster..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("..auth.protocol..", "..auth.console..", "..auth.operations..")
			.check(CLASSES);
	}

	@Test
	void clusterCoordinationKnowsNoFeature() {
		noClasses().that()
			.resideInAPackage("..auth.cluster..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("..auth.client..", "..auth.token..", "..auth.keys..", "..auth.user..",
					"..auth.audit..", "..auth.protocol..", "..auth.console..", "..auth.operations..")
			.check(CLASSES);
	}

	@Test
	void featuresAreFreeOfCycles() {
		slices().matching("dev.gatehouse.auth.(*)..").should().beFreeOfCycles().check(CLASSES);
	}

	@Test
	void noGrabBagPackages() {
		noClasses().should()
			.resideInAnyPackage("..util..", "..utils..", "..common..", "..helpers..", "..misc..")
			.check(CLASSES);
	}

	@Test
	void keysDependOnNoOtherFeature() {
		noClasses().that()
			.resideInAPackage("..auth.keys..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("..auth.client..", "..auth.token..", "..auth.protocol..")
			.check(CLASSES);
	}

}
