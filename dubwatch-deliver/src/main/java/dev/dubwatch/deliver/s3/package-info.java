/** The S3 destination: keys {@code <prefix>/<task_id>/<language>/<name>}, multipart streaming. */
package dev.dubwatch.deliver.s3;
