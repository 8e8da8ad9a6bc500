package dev.snapshift.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The wall between snapshift's public surface and its engine, checked on the compiled classes of
 * every module:
 *
 * <ul>
 *   <li>the CLI and the dashboard use the facades ({@code dev.snapshift.Migration}, {@code
 *       Preflight}, {@code Runs}, {@code SourceInspector}, ...) and the types of {@code
 *       dev.snapshift.api}, never {@code internal};
 *   <li>{@code api} holds types only: it depends on neither the facades nor the engine;
 *   <li>no package cycles, between modules' packages or inside the engine.
 * </ul>
 */
class ArchitectureTest {
    static final JavaClasses CLASSES =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("dev.snapshift");

    @Test
    void theAppUsesFacadesAndApiTypesNeverTheEngine() {
        noClasses()
                .that()
                .resideInAPackage("dev.snapshift.app..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.snapshift.internal..")
                .because("internal is private to snapshift-core: the app goes through the facades")
                .check(CLASSES);
    }

    @Test
    void apiHoldsTypesOnly() {
        noClasses()
                .that()
                .resideInAPackage("dev.snapshift.api..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.snapshift.internal..", "dev.snapshift")
                .because(
                        "api is the types the facades speak in; building and running things is the facades' job")
                .check(CLASSES);
    }

    @Test
    void noCyclesBetweenTopLevelPackages() {
        slices().matching("dev.snapshift.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void noCyclesInsideTheEngine() {
        slices().matching("dev.snapshift.internal.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void noCyclesInsideTheApp() {
        slices().matching("dev.snapshift.app.(*)..").should().beFreeOfCycles().check(CLASSES);
    }
}
