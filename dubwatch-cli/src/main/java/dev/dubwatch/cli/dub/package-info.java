/** {@code dubwatch dub}: core's dub submission and the watch loop, with the dub outcome printed. */
package dev.dubwatch.cli.dub;
