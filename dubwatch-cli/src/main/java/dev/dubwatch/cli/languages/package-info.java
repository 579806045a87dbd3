/** {@code dubwatch languages}: the language catalogue, for people choosing --from and --to. */
package dev.dubwatch.cli.languages;
