/** Configuration read once from the environment into an immutable record, failing fast. */
package dev.dubwatch.config;
