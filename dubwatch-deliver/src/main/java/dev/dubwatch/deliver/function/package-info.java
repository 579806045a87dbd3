/** The delivery function over the engine: one handler, its own package (target/function). */
package dev.dubwatch.deliver.function;
