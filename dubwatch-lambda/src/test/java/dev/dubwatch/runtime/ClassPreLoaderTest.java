package dev.dubwatch.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ClassPreLoaderTest {

  static final AtomicInteger INITIALISED = new AtomicInteger();

  static final class InitialisedOnPreload {
    static {
      INITIALISED.incrementAndGet();
    }
  }

  static final class AlsoLoaded {}

  static final class FailsToInitialise {
    static final int VALUE = Integer.parseInt("not a number");
  }

  @Test
  void loadsAndInitialisesEveryListedClassAndSkipsWhatCannotBeLoaded() {
    // Given a list with comments, blank lines, padded names, a name that no longer exists and a
    // class whose initialiser fails
    String list = "dev/dubwatch/runtime/test-classes.txt";

    // When it is preloaded
    ClassPreLoader.Result result = ClassPreLoader.preload(list, getClass().getClassLoader());

    // Then the three loadable classes are loaded, the listed one initialised, the other two skipped
    assertThat(result).isEqualTo(new ClassPreLoader.Result(3, 2));
    assertThat(INITIALISED).hasValue(1);
  }

  @Test
  void aMissingListIsAPackagingError() {
    assertThatThrownBy(
            () -> ClassPreLoader.preload("dev/dubwatch/none.txt", getClass().getClassLoader()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("dev/dubwatch/none.txt");
  }
}
