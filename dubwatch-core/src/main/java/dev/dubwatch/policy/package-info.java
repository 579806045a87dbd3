/** When to check a task next: the polling schedule, the main cost lever of a watch. */
package dev.dubwatch.policy;
