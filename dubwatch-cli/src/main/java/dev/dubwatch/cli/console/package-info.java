/**
 * What every command shares with the terminal: its streams and clock, exit codes, usage errors,
 * Ctrl-C, quoting and the wording of AWS failures. It depends on core only, so the commands and
 * {@code Main}, which wires them, import it without a circle.
 */
package dev.dubwatch.cli.console;
