/**
 * Operational metrics as CloudWatch Embedded Metric Format log lines: no API call, no agent, no
 * dependency beyond jackson-core.
 */
package dev.dubwatch.metrics;
