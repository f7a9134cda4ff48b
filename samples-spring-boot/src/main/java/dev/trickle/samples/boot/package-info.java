/**
 * A Spring Boot application on the Trickle starter: {@link dev.trickle.samples.boot.RevenueApplication}.
 */
@NullMarked
package dev.trickle.samples.boot;

import org.jspecify.annotations.NullMarked;
