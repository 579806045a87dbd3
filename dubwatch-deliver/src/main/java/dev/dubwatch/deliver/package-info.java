/**
 * Delivery: a finished dub's video, audio and transcripts copied from Camb.ai's expiring links into
 * the user's storage (an S3 bucket, or a local folder for the CLI), streamed in bounded memory and
 * checksummed while the bytes pass; only locations, sizes and SHA-256s leave this package.
 */
package dev.dubwatch.deliver;
