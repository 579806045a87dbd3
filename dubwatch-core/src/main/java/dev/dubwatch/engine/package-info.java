/** The one place the engine is wired: {@link dev.dubwatch.engine.Engine}. */
package dev.dubwatch.engine;
