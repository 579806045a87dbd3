/**
 * The benchmark and the cost simulation: plain mains run by {@code infra/bin/bench}, not tests.
 *
 * <p>They live in the test tree so that they compile against the real code without a second Maven
 * module or an extra plugin; no class name ends in {@code Test}/{@code IT}, so surefire and
 * failsafe never pick them up.
 */
package dev.dubwatch.bench;
