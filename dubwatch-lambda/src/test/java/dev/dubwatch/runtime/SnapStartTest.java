package dev.dubwatch.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.crac.Context;
import org.crac.Resource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class SnapStartTest {

  private static final Resource HOOK =
      new Resource() {
        @Override
        public void beforeCheckpoint(Context<? extends Resource> context) {}

        @Override
        public void afterRestore(Context<? extends Resource> context) {}
      };

  @ParameterizedTest
  @ValueSource(strings = {"on-demand", "provisioned-concurrency", "lambda-managed-instances", ""})
  @NullSource
  void anInitThatIsNeverSnapshottedRegistersNoHook(String initializationType) {
    assertThat(SnapStart.register(HOOK, initializationType)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"snap-start"})
  void snapStartsInitRegistersTheHook(String initializationType) {
    assertThat(SnapStart.register(HOOK, initializationType)).isTrue();
  }
}
