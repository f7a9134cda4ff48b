package dev.trickle;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleName;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The API's module rules: applications compile against it alone, so it holds no implementation. It depends on the
 * JDK ({@code javax.sql.DataSource} included), JSpecify, and jOOQ only for the query types a stream table may be
 * defined by ({@code org.jooq.Select}) and {@code DSL} to render them: never on the compiler, the engine, a JDBC
 * driver or a pool.
 */
@AnalyzeClasses(packages = "dev.trickle", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule noImplementation = classes().that().resideInAPackage("dev.trickle..")
            .should().onlyDependOnClassesThat(resideInAnyPackage("dev.trickle", "dev.trickle.monitor",
                    "dev.trickle.spi", "java..", "javax.sql", "org.jooq", "org.jspecify.annotations")
                    .or(resideInAnyPackage("org.jooq.impl").and(simpleName("DSL"))))
            .because("trickle-jooq (dev.trickle.jooq..), trickle-engine (dev.trickle.engine..), jOOQ's"
                    + " implementation, drivers and pools stay behind the API");

    /**
     * The API's subpackages form no cycle. The root package and its subpackages do name each other, by design: the
     * facade answers with {@code monitor} records and takes {@code spi} listeners, and those name {@code TableName},
     * {@code RefreshResult} and the other root types; breaking that would move public types.
     */
    @ArchTest
    static final ArchRule noCyclesBetweenSubpackages = slices().matching("dev.trickle.(*)..").should()
            .beFreeOfCycles();
}
