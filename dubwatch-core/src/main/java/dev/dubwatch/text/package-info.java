/** Cleaning and capping of text that leaves the engine (outputs, logs, messages). */
package dev.dubwatch.text;
