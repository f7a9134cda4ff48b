// Runs after the consumer build. It must have run tests in Surefire and in Failsafe, all passing, none skipped,
// so that a green build with no tests (the failure this project exists to catch) is impossible; and the BOM, which
// has no parent, must name the versions of JUnit, jqwik, AssertJ, jOOQ and pgjdbc that the parent builds with.
import javax.xml.parsers.DocumentBuilderFactory

def parse(File file) {
    DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file).documentElement
}

def version = parse(new File(basedir, 'pom.xml')).getElementsByTagName('trickle.version').item(0).textContent
assert version == trickleVersion : "consumer pom.xml has trickle.version ${version}, the build is ${trickleVersion}"

def bom = parse(new File(bomPom))
[junit: junitVersion, jqwik: jqwikVersion, assertj: assertjVersion, jooq: jooqVersion, pgjdbc: pgjdbcVersion].each { name, expected ->
    def actual = bom.getElementsByTagName("${name}.version").item(0)?.textContent
    assert actual == expected : "trickle-bom has ${name}.version ${actual}, the parent ${expected}"
}

def count(String dir) {
    def reports = new File(basedir, "target/${dir}").listFiles({ f -> f.name ==~ /TEST-.*\.xml/ } as FileFilter)
    def totals = [tests: 0, failures: 0, errors: 0, skipped: 0]
    reports?.each { report ->
        def suite = parse(report)
        totals.keySet().each { k -> totals[k] += (suite.getAttribute(k) ?: '0') as int }
    }
    println "consumer ${dir}: ${totals}"
    totals
}

[surefire: 3, failsafe: 1].each { runner, expected ->
    def totals = count("${runner}-reports")
    assert totals.tests >= expected : "${runner} ran ${totals.tests} tests, expected at least ${expected}"
    assert totals.failures == 0 && totals.errors == 0 && totals.skipped == 0 : "${runner}: ${totals}"
}
true // the hook fails on any other result
