/**
 * Test support for the integration tier: one LocalStack (host process or Testcontainers), SDK
 * clients pointed at it, the Step Functions mock-config file, and taps that show what subscribers
 * received.
 */
package dev.dubwatch.testkit.localstack;
