/**
 * The code that {@code README.md} and {@code docs/*.md} quote. Regions between {@code // tag::name[]} and
 * {@code // end::name[]} are copied verbatim into the Markdown, and {@code DocSnippetsTest} fails when a copy
 * drifts from its source.
 */
@NullMarked
package dev.trickle.samples.docs;

import org.jspecify.annotations.NullMarked;
