package dev.dubwatch.deliver;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A file that was not delivered, and why.
 *
 * @param target where it should have gone ({@code s3://...} or a path)
 * @param error the failure's class name (for a Catch or a metric)
 * @param reason one line for people; never holds a link
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FailedFile(
    String language,
    FileKind kind,
    String format,
    String target,
    String error,
    @JsonProperty("reason") String reason) {}
