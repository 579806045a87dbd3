/** Option mixins more than one command shares: help and the poll overrides. */
package dev.dubwatch.cli.options;
