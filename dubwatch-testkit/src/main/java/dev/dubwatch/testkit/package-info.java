/** An in-process stand-in for Camb.ai, so the demo needs nothing beyond loopback. */
package dev.dubwatch.testkit;
