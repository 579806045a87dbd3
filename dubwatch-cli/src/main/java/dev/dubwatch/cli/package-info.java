/**
 * The {@code dubwatch} command-line tool: demo, status, watch and start, thin over the same classes
 * the Lambda functions use.
 */
package dev.dubwatch.cli;
