/** Camb.ai's languages: tags and integer ids, as its official SDK names them. */
package dev.dubwatch.language;
