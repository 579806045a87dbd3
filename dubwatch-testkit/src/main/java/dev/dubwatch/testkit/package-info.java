/**
 * A stand-in for Camb.ai on loopback, with a fixed table of scripted tasks, so that the demo, the
 * integration tests and any other client (the official SDKs included) need nothing beyond loopback.
 */
package dev.dubwatch.testkit;
