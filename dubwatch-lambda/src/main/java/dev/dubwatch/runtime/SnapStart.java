package dev.dubwatch.runtime;

import org.crac.Core;
import org.crac.Resource;

/** Registers a function's SnapStart priming hook, only for an init that will be snapshotted. */
public final class SnapStart {

  /** Lambda's value of {@code AWS_LAMBDA_INITIALIZATION_TYPE} for the init SnapStart snapshots. */
  static final String SNAPSHOT_INIT = "snap-start";

  private SnapStart() {}

  /**
   * Registers {@code hook} with CRaC when this init is SnapStart's ({@code
   * AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}). An on-demand or provisioned init is never
   * checkpointed, and registering costs it ~50 classes (org.crac finds Lambda's CRaC through
   * reflection and a dynamic proxy; BENCHMARKS.md, cold start).
   *
   * @return whether the hook was registered
   */
  public static boolean register(Resource hook) {
    return register(hook, System.getenv("AWS_LAMBDA_INITIALIZATION_TYPE"));
  }

  static boolean register(Resource hook, String initializationType) {
    if (!SNAPSHOT_INIT.equals(initializationType)) {
      return false;
    }
    Core.getGlobalContext().register(hook);
    return true;
  }
}
