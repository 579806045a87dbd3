package dev.dubwatch.dub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dubwatch.camb.CambClient;
import dev.dubwatch.camb.CambProtocolException;
import dev.dubwatch.camb.CambRateLimitedException;
import dev.dubwatch.camb.CambRequestRejectedException;
import dev.dubwatch.camb.CambUnavailableException;
import dev.dubwatch.language.Language;
import dev.dubwatch.task.TaskId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * Submits a dub to Camb.ai exactly once. Camb.ai's {@code POST /dub} has no idempotency key, so a
 * request that reached it must never be sent again: a second one could create a second, billed dub.
 * The policy:
 *
 * <ul>
 *   <li>Sent again (up to {@link Policy#maxAttempts()} in all) only when Camb.ai certainly never
 *       got it: the connection was refused, the host did not resolve, connecting or the TLS
 *       handshake failed ({@link CambUnavailableException#certainlyNotSent()}), or Camb.ai answered
 *       429; a 429's Retry-After is honoured up to {@link Policy#maxRetryAfter()}, beyond which it
 *       gives up. Then {@link DubNotSubmittedException}: nothing was created.
 *   <li>After an ambiguous failure (no answer in time or a reset after sending, a 5xx, 408, 409, a
 *       2xx without a task id) never again: {@link SubmitUncertainException}, saying what to look
 *       for in Camb.ai's studio.
 *   <li>400/422: {@link SubmitRejectedException} with Camb.ai's FastAPI {@code detail}.
 *   <li>401/403: the client re-reads the key once (Camb.ai acted on nothing), then {@code
 *       CambAuthenticationException}, as for every call.
 * </ul>
 */
public final class DubSubmitter {

  /**
   * How hard to try while the request certainly has not reached Camb.ai.
   *
   * @param maxAttempts requests sent at most, the first one included
   * @param firstBackoff the wait before the second attempt, doubling after (without Retry-After)
   * @param maxRetryAfter the longest Retry-After waited for; a longer one ends the submission
   */
  public record Policy(int maxAttempts, Duration firstBackoff, Duration maxRetryAfter) {

    /** Three attempts, 1 s then 2 s apart, Retry-After up to 30 s: under a minute in all. */
    public static final Policy DEFAULT =
        new Policy(3, Duration.ofSeconds(1), Duration.ofSeconds(30));

    public Policy {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1");
      }
      Objects.requireNonNull(firstBackoff, "firstBackoff");
      Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
    }

    /** The wait after failed attempt {@code attempt} (1-based) without a Retry-After. */
    Duration backoff(int attempt) {
      return firstBackoff.multipliedBy(1L << Math.min(attempt - 1, 20));
    }
  }

  /** Waits between attempts; tests pass one that records the waits. */
  @FunctionalInterface
  public interface Pause {
    Pause THREAD = duration -> Thread.sleep(duration.toMillis());

    void pause(Duration duration) throws InterruptedException;
  }

  /**
   * A dub Camb.ai created.
   *
   * @param taskId its task, to watch
   * @param submittedAt when the request that created it was sent
   * @param attempts requests sent, the successful one included
   */
  public record Submission(TaskId taskId, Instant submittedAt, int attempts) {

    /** {@code {"task_id", "submitted_at", "attempts"}}, what a submit step hands on. */
    public ObjectNode toJson() {
      return JsonNodeFactory.instance
          .objectNode()
          .put("task_id", taskId.value())
          .put("submitted_at", submittedAt.toString())
          .put("attempts", attempts);
    }

    /**
     * Reads {@link #toJson()}'s form back.
     *
     * @throws IllegalArgumentException when a field is missing or malformed
     */
    public static Submission fromJson(JsonNode json) {
      if (json == null
          || !json.path("task_id").isTextual()
          || !json.path("submitted_at").isTextual()
          || !json.path("attempts").canConvertToInt()) {
        throw new IllegalArgumentException("a submission needs task_id, submitted_at and attempts");
      }
      try {
        return new Submission(
            new TaskId(json.get("task_id").asText()),
            Instant.parse(json.get("submitted_at").asText()),
            json.get("attempts").asInt());
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("submitted_at is not an ISO-8601 instant", e);
      }
    }
  }

  private final CambClient camb;
  private final Policy policy;
  private final Pause pause;
  private final Clock clock;

  public DubSubmitter(CambClient camb, Policy policy, Pause pause, Clock clock) {
    this.camb = Objects.requireNonNull(camb, "camb");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.pause = Objects.requireNonNull(pause, "pause");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Submits a request whose source Camb.ai can fetch as it is (an {@code https://} link).
   *
   * @throws InvalidDubRequestException for an {@code s3://} source, which must be presigned first
   *     ({@link #submit(DubRequest, String)})
   */
  public Submission submit(DubRequest request) {
    if (request.sourceIsS3()) {
      throw new InvalidDubRequestException(
          "source_url is an s3:// object: it needs a presigned link before Camb.ai can fetch it");
    }
    return submit(request, request.sourceUrl());
  }

  /**
   * Submits {@code request} with {@code videoUrl} as the link Camb.ai fetches, following the
   * class's policy.
   *
   * @throws DubNotSubmittedException nothing was created; safe to submit again
   * @throws SubmitUncertainException Camb.ai may have created it; check before submitting again
   * @throws SubmitRejectedException Camb.ai refused the request
   * @throws dev.dubwatch.camb.CambAuthenticationException the key was refused
   */
  public Submission submit(DubRequest request, String videoUrl) {
    var body = request.cambBody(videoUrl);
    for (int attempt = 1; ; attempt++) {
      Instant sentAt = clock.instant();
      Duration wait;
      RuntimeException failure;
      try {
        return new Submission(camb.createDub(body), sentAt, attempt);
      } catch (CambRequestRejectedException e) {
        throw new SubmitRejectedException(
            "Camb.ai rejected the dub request (HTTP " + e.httpStatus() + "): " + e.detail(),
            e.detail(),
            e.httpStatus(),
            e);
      } catch (CambRateLimitedException e) {
        // A 429 is answered before the request is acted on.
        wait = rateLimitWait(e, attempt);
        failure = e;
      } catch (CambUnavailableException e) {
        if (!e.certainlyNotSent()) {
          throw uncertain(request, sentAt, e);
        }
        wait = policy.backoff(attempt);
        failure = e;
      } catch (CambProtocolException e) {
        if (e.httpStatus() >= 200 && e.httpStatus() < 300) {
          throw uncertain(request, sentAt, e); // Camb.ai accepted something; which, unknown
        }
        throw new DubNotSubmittedException(
            e.getMessage() + "; no dub was created, nothing was sent again", e);
      }
      if (attempt >= policy.maxAttempts()) {
        throw new DubNotSubmittedException(
            "no dub was created: "
                + attempt
                + " attempts, none of which reached Camb.ai (last: "
                + failure.getMessage()
                + "); submitting again later is safe",
            failure);
      }
      try {
        pause.pause(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DubNotSubmittedException(
            "interrupted before attempt " + (attempt + 1) + ": no dub was created", e);
      }
    }
  }

  private Duration rateLimitWait(CambRateLimitedException e, int attempt) {
    if (e.retryAfterSeconds().isEmpty()) {
      return policy.backoff(attempt);
    }
    Duration asked = Duration.ofSeconds(e.retryAfterSeconds().getAsLong());
    if (asked.compareTo(policy.maxRetryAfter()) > 0) {
      throw new DubNotSubmittedException(
          "no dub was created: Camb.ai rate-limited the request and asks to wait "
              + asked.toSeconds()
              + " s, more than the "
              + policy.maxRetryAfter().toSeconds()
              + " s this submission waits; submit again later",
          e);
    }
    return asked;
  }

  private static SubmitUncertainException uncertain(
      DubRequest request, Instant sentAt, RuntimeException cause) {
    var check =
        new SubmitUncertainException.StudioCheck(
            sentAt,
            request.cambProjectName(),
            request.sourceForDisplay(),
            request.sourceLanguage().tag(),
            request.targetLanguages().stream().map(Language::tag).toList());
    return new SubmitUncertainException(
        "Camb.ai may have created the dub, but did not say so ("
            + cause.getMessage()
            + "); it is not sent again, as that could create a second, billed dub. Look in"
            + " Camb.ai's studio for "
            + check.describe()
            + ": if it is there, watch its task; if not, submit again",
        check,
        cause);
  }
}
