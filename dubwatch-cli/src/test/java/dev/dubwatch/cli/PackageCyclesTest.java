package dev.dubwatch.cli;

import dev.dubwatch.testkit.PackageCycles;
import org.junit.jupiter.api.Test;

/**
 * No import circle between this module's packages: each package is a slice, and ArchUnit reads the
 * compiled main classes of this module only (where {@link Main} was loaded from), so test code and
 * other modules' jars are left out.
 */
class PackageCyclesTest {

  @Test
  void packagesImportEachOtherWithoutCycles() {
    PackageCycles.assertNoneInModuleOf(dev.dubwatch.cli.Main.class);
  }
}
