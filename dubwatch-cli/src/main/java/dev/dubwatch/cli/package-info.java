/**
 * The {@code dubwatch} command line: the picocli command tree, exit codes and error lines, and what
 * every command shares (console, live progress line, text cleaning, interrupts). Each command lives
 * in its own package (status, watch, start, demo), thin over core.
 */
package dev.dubwatch.cli;
