/**
 * Where the Camb.ai API key comes from: Secrets Manager (cached per warm container) or the caller.
 */
package dev.dubwatch.apikey;
