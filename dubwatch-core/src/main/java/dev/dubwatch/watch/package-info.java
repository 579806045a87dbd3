/**
 * The watch loop as one pure transition ({@link dev.dubwatch.watch.WatchLoop}): what the state
 * machine's check block does after each status check, for every face that loops (the CLI's watch
 * runs it; the state machine is its reference and a shared scenario table holds them equal).
 */
package dev.dubwatch.watch;
