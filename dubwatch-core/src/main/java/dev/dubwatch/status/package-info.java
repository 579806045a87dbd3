/** One status check of one dubbing task: the unit of work the state machine loops around. */
package dev.dubwatch.status;
