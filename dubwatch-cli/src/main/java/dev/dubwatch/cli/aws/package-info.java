/** AWS for the command line: clients built on first use, and short reasons when AWS fails. */
package dev.dubwatch.cli.aws;
