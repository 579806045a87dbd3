package dev.dubwatch.runtime;

import dev.dubwatch.testkit.PackageCycles;
import org.junit.jupiter.api.Test;

/**
 * No import circle between this module's packages: each package is a slice, and ArchUnit reads the
 * compiled main classes of this module only (where {@link JsonHandler} was loaded from), so test
 * code and other modules' jars are left out.
 */
class PackageCyclesTest {

  @Test
  void packagesImportEachOtherWithoutCycles() {
    PackageCycles.assertNoneInModuleOf(dev.dubwatch.runtime.JsonHandler.class);
  }
}
