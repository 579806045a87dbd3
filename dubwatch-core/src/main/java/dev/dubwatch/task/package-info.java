/** The task being watched: its id, checked before it goes anywhere. */
package dev.dubwatch.task;
