package dev.dubwatch.testkit;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * No import circle between a module's packages: each package is a slice, and ArchUnit reads only
 * the compiled main classes of the module a given class was loaded from, so test code and other
 * modules' jars are left out.
 */
public final class PackageCycles {

  private PackageCycles() {}

  /**
   * Fails naming the cycles when the packages of {@code anyMainClass}'s module import in a circle.
   */
  public static void assertNoneInModuleOf(Class<?> anyMainClass) {
    JavaClasses main = new ClassFileImporter().importPath(location(anyMainClass));
    SlicesRuleDefinition.slices()
        .matching("dev.dubwatch.(**)")
        .should()
        .beFreeOfCycles()
        .check(main);
  }

  private static Path location(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
