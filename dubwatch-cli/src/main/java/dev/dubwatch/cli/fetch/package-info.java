/** {@code dubwatch fetch}: a finished dub's files into a local folder, with progress. */
package dev.dubwatch.cli.fetch;
