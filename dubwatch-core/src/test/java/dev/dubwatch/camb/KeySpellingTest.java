package dev.dubwatch.camb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dubwatch.apikey.ApiKeySource;
import dev.dubwatch.task.InvalidTaskIdException;
import dev.dubwatch.task.TaskId;
import dev.dubwatch.testing.CountingCamb;
import dev.dubwatch.testing.TestCamb;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The key is blanked however JSON spells it, and a status made of control characters is no status
 * (both found by CambBodyProperties).
 */
class KeySpellingTest {

  private static final String KEY = TestCamb.SECRET_KEY;
  private final CountingCamb camb = CountingCamb.start();
  private final CambClient client =
      TestCamb.client(camb.baseUrl(), Duration.ofSeconds(5), ApiKeySource.fixed(KEY));

  @AfterEach
  void stop() {
    camb.close();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a\\u002db|a-b",
        "a\\u002Db|a-b",
        "\\u0020\\u007e|' ~'",
        "a\\/b|a/b",
        "q\\u0022q|q\\u0022q",
        "b\\u005cb|b\\u005cb",
        "c\\u001fc|c\\u001fc",
        "d\\u007fd|d\\u007fd",
        "e\\u00e9e|e\\u00e9e",
        "\\\\u002d|\\\\u002d",
        "\\\\\\u002d|\\\\-",
        "f\\u00g1|f\\u00g1",
        "g\\u002|g\\u002",
        "h\\n|h\\n",
        "tail\\|tail\\",
        "plain|plain"
      })
  void jsonSpellingsOfPrintableAsciiBecomePlain(String text, String plain) {
    assertThat(CambHttp.plainAscii(text)).isEqualTo(plain);
  }

  @Test
  void aKeyEchoedWithEscapesIsBlankedInMessagesAndReasons() {
    String spelled = "sk\\u002dlive\\u002d" + KEY.substring("sk-live-".length());
    camb.answer(
        200,
        "{\"status\":\"ERROR\",\"exception_reason\":\"key "
            + spelled
            + "\",\"message\":\"bad key "
            + spelled.replace("S", "\\u0053")
            + "\"}");

    CambTaskStatus status = client.status(new TaskId("t-1"));

    assertThat(status.exceptionReason()).isEqualTo("key ***");
    assertThat(status.message()).isEqualTo("bad key ***");
  }

  @Test
  void aKeyEchoedWithEscapesIsBlankedInARejectionsExcerpt() {
    camb.answer(400, "{\"detail\":\"invalid key sk\\u002dlive-SECRET-0123456789\"}");

    assertThatThrownBy(() -> client.status(new TaskId("t-1")))
        .isInstanceOf(InvalidTaskIdException.class)
        .hasMessageContaining("***")
        .hasMessageNotContaining(KEY)
        .hasMessageNotContaining("SECRET");
  }

  @Test
  void aBodyWithoutTheKeyIsReadAsSent() {
    camb.answer(200, "{\"status\":\"PENDING\",\"message\":\"caf\\u00e9 \\u002d \\/\"}");

    assertThat(client.status(new TaskId("t-1")).message()).isEqualTo("café - /");
  }

  @ParameterizedTest
  @CsvSource({"'\\u0000'", "'\\u0007\\t'", "' \\n '"})
  void aStatusOfControlCharactersIsNoStatus(String status) {
    camb.answer(200, "{\"status\":\"" + status + "\"}");

    assertThatThrownBy(() -> client.status(new TaskId("t-1")))
        .isInstanceOf(CambProtocolException.class)
        .hasMessageContaining("without a status");
  }

  @Test
  void aStatusIsOneLine() {
    camb.answer(200, "{\"status\":\" NEW\\nSTATE\\t\"}");

    assertThat(client.status(new TaskId("t-1")).apiStatus()).isEqualTo("NEW STATE");
  }
}
