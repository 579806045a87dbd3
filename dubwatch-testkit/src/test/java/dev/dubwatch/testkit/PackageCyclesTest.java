package dev.dubwatch.testkit;

import org.junit.jupiter.api.Test;

/**
 * No import circle between this module's packages: each package is a slice, and ArchUnit reads the
 * compiled main classes of this module only (where {@link CambSimulator} was loaded from), so test
 * code and other modules' jars are left out.
 */
class PackageCyclesTest {

  @Test
  void packagesImportEachOtherWithoutCycles() {
    PackageCycles.assertNoneInModuleOf(dev.dubwatch.testkit.CambSimulator.class);
  }
}
