package dev.dubwatch.deliver;

/** Progress of a delivery, for a face that shows it (the CLI's progress line); all no-ops here. */
public interface DeliveryListener {

  DeliveryListener NONE = new DeliveryListener() {};

  /** {@code file} starts; {@code totalBytes} is -1 while unknown. */
  default void started(DeliveryFile file, long totalBytes) {}

  /** {@code bytes} of {@code file} have been copied so far. */
  default void progress(DeliveryFile file, long bytes, long totalBytes) {}

  /** {@code file} is in place. */
  default void delivered(DeliveryFile file, DeliveredFile result) {}

  /** {@code file} could not be delivered. */
  default void failed(DeliveryFile file, FailedFile failure) {}
}
