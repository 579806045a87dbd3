/**
 * {@code dubwatch start}: finds the deployed watch, starts it for a task, and follows its
 * executions by their status, output and cause alone, never by the definition's state names.
 */
package dev.dubwatch.cli.start;
