package dev.dubwatch.camb;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects a response body up to a byte cap, then cancels the transfer, so a huge or endless answer
 * costs at most {@code cap} bytes of memory. The JDK's own subscribers have no cap.
 */
final class BoundedBodySubscriber
    implements HttpResponse.BodySubscriber<BoundedBodySubscriber.Body> {

  /** The bytes read; {@code truncated} when the body was longer than the cap. */
  record Body(byte[] bytes, boolean truncated) {}

  private final int cap;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private final CompletableFuture<Body> result = new CompletableFuture<>();
  private Flow.Subscription subscription;

  BoundedBodySubscriber(int cap) {
    this.cap = cap;
  }

  static HttpResponse.BodyHandler<Body> handler(int cap) {
    return info -> new BoundedBodySubscriber(cap);
  }

  @Override
  public CompletionStage<Body> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    subscription.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    if (result.isDone()) {
      return;
    }
    for (ByteBuffer item : items) {
      int room = cap - buffer.size();
      if (item.remaining() > room) {
        byte[] part = new byte[room];
        item.get(part);
        buffer.writeBytes(part);
        subscription.cancel();
        result.complete(new Body(buffer.toByteArray(), true));
        return;
      }
      byte[] bytes = new byte[item.remaining()];
      item.get(bytes);
      buffer.writeBytes(bytes);
    }
  }

  @Override
  public void onError(Throwable throwable) {
    result.completeExceptionally(throwable);
  }

  @Override
  public void onComplete() {
    result.complete(new Body(buffer.toByteArray(), false));
  }
}
