/** Shared wiring for the Lambda functions and the CLI: JSON mapper, AWS clients, log adapter. */
package dev.dubwatch.runtime;
