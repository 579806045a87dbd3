/** {@code dubwatch demo}: the whole watch against the in-process Camb.ai simulator. */
package dev.dubwatch.cli.demo;
