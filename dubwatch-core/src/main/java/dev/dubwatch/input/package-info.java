/** The rules for the fields every watch input shares, in one place. */
package dev.dubwatch.input;
