/** {@code dubwatch status}: one status check, printed as the status-check function returns it. */
package dev.dubwatch.cli.status;
