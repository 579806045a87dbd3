/** The Camb.ai HTTP API as the watcher uses it: task status, dub result, and typed failures. */
package dev.dubwatch.camb;
