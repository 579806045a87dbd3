/**
 * {@code dubwatch watch}: the state machine's loop on a workstation (retries by core's table, an
 * outage waited out), its progress line, and printing and publishing the outcome.
 */
package dev.dubwatch.cli.watch;
