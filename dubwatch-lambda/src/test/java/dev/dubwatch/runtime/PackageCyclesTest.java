package dev.dubwatch.runtime;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * No import circle between this module's packages: each package is a slice, and ArchUnit reads the
 * compiled main classes of this module only (where {@link JsonHandler} was loaded from), so test
 * code and other modules' jars are left out.
 */
class PackageCyclesTest {

  @Test
  void packagesImportEachOtherWithoutCycles() {
    JavaClasses main = new ClassFileImporter().importPath(mainClasses());
    SlicesRuleDefinition.slices()
        .matching("dev.dubwatch.(**)")
        .should()
        .beFreeOfCycles()
        .check(main);
  }

  private static Path mainClasses() {
    try {
      return Path.of(
          dev.dubwatch.runtime.JsonHandler.class
              .getProtectionDomain()
              .getCodeSource()
              .getLocation()
              .toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
