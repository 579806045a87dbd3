/**
 * Dubbing a source: the request ({@link dev.dubwatch.dub.DubRequest}), its submission to Camb.ai
 * exactly once ({@link dev.dubwatch.dub.DubSubmitter}) and how it ended ({@link
 * dev.dubwatch.dub.DubOutcome}).
 */
package dev.dubwatch.dub;
