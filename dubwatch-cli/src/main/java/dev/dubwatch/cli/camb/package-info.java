/** Camb.ai for the command line: its options, core's wiring of the client, and failure texts. */
package dev.dubwatch.cli.camb;
