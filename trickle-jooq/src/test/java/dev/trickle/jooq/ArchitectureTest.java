package dev.trickle.jooq;

import static com.tngtech.archunit.base.DescribedPredicate.or;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The compiler's module rules: it turns a query into SQL text and objects, so it reaches no database, starts no
 * thread and knows nothing of the engine that runs what it produces; its packages form no cycle.
 */
@AnalyzeClasses(packages = "dev.trickle.jooq", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule noJdbc = noClasses().that().resideInAPackage("dev.trickle.jooq..")
            .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..")
            .because("the compiler produces SQL; the engine runs it");

    @ArchTest
    static final ArchRule noThreads = noClasses().that().resideInAPackage("dev.trickle.jooq..")
            .should().dependOnClassesThat(or(assignableTo(Thread.class), assignableTo(Executor.class),
                    assignableTo(Future.class), assignableTo(CompletionStage.class),
                    belongToAnyOf(Executors.class, Timer.class, TimerTask.class)))
            .because("compiling is a pure function of the query and the facts the engine gathered");

    @ArchTest
    static final ArchRule onlyApiJooqAndJdk = classes().that().resideInAPackage("dev.trickle.jooq..")
            .should().onlyDependOnClassesThat(resideInAnyPackage("dev.trickle", "dev.trickle.spi", "dev.trickle.monitor",
                    "dev.trickle.jooq..", "java..", "org.jooq..", "org.jspecify.annotations"))
            .because("the compiler knows trickle-api and jOOQ, never the engine (dev.trickle.engine..)");

    @ArchTest
    static final ArchRule noCycles = slices().matching("dev.trickle.(**)").should().beFreeOfCycles();
}
