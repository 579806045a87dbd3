/** The watch's retry rules: one table that the state machine and the CLI both follow. */
package dev.dubwatch.retry;
