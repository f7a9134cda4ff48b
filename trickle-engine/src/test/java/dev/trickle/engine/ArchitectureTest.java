package dev.trickle.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The engine's module rules: its packages form no cycle, the dependency graph knows nothing of who reads it, and the
 * compiler is reached through its entry point ({@code QueryCompiler}, its inputs in {@code jooq.model} and the names
 * and DDL of {@code jooq.sql}), never its plans or rules.
 */
@AnalyzeClasses(packages = "dev.trickle.engine", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule noCycles = slices().matching("dev.trickle.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule topologyBelowItsReaders = noClasses().that().resideInAPackage("dev.trickle.engine.topology..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.trickle.engine", "dev.trickle.engine.scheduler..",
                    "dev.trickle.engine.refresh..", "dev.trickle.engine.lifecycle..",
                    "dev.trickle.engine.definition..", "dev.trickle.engine.capture..", "dev.trickle.engine.monitor..")
            .because("the scheduler, the refresh and the lifecycle read the dependency graph, not the reverse");

    @ArchTest
    static final ArchRule compilerThroughItsEntryPoints = noClasses().that().resideInAPackage("dev.trickle.engine..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.trickle.jooq.plan..", "dev.trickle.jooq.delta..",
                    "dev.trickle.jooq.translate..")
            .because("the engine gives the compiler a request and runs what QueryCompiler renders; plans and rules"
                    + " are the compiler's own");
}
