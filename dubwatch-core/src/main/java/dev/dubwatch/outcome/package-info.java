/** The end of a watch: the one versioned outcome object every channel receives. */
package dev.dubwatch.outcome;
