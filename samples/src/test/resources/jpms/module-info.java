// An application module that uses Trickle from the module path; ModulePathIT compiles and runs it.
// tag::module[]
module com.example.app {
    requires dev.trickle.api;   // Trickle, StreamTableSpec, the exceptions
    requires org.jooq;          // only if you pass jOOQ Selects
    requires java.sql;          // only if you pass a DataSource

    // lets the module system find trickle-engine (an automatic module providing this service)
    uses dev.trickle.spi.TrickleProvider;
}
// end::module[]
