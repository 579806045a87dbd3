/**
 * A stand-in for Camb.ai on loopback, with a fixed table of scripted tasks, so that the demo, the
 * integration tests and any other client (the official SDKs included) need nothing beyond loopback;
 * and {@link dev.dubwatch.testkit.RepositoryRoot}, where tests find the repository's shared files.
 */
package dev.dubwatch.testkit;
