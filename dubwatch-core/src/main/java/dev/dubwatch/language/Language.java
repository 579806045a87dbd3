package dev.dubwatch.language;

import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Camb.ai's languages, as the official Python SDK ({@code camb-sdk} 1.6.6) names them in its {@code
 * Languages} enum ({@code EN_US = 1} is {@link #EN_US}, tag {@code en-US}, id 1).
 *
 * <p>Transcribed from the SDK's {@code camb/types/language_enums.py} with {@code grep -E
 * '^\s+[A-Z_]+ = [0-9]+' language_enums.py | sed -E 's/^\s+([A-Z_]+) = ([0-9]+)/ \1(\2),/'}; {@code
 * CambSdkIT} compares this enum with the installed SDK's member by member, so a drift fails the
 * build. Tags are matched without regard to case or to '-' versus '_' ({@code es-es}, {@code
 * ES_ES}); an unknown tag or id is rejected before any Camb.ai call, naming the closest tags.
 */
public enum Language {
  EN_US(1),
  AF_ZA(2),
  AM_ET(3),
  AR_AE(4),
  AR_BH(5),
  AR_DZ(6),
  AR_EG(7),
  AR_IQ(8),
  AR_JO(9),
  AR_KW(10),
  AR_LB(11),
  AR_LY(12),
  AR_MA(13),
  AR_OM(14),
  AR_QA(15),
  AR_SA(16),
  AR_SY(17),
  AR_TN(18),
  AR_YE(19),
  AZ_AZ(20),
  BG_BG(21),
  BN_BD(22),
  BN_IN(23),
  BS_BA(24),
  CA_ES(25),
  CS_CZ(26),
  CY_GB(27),
  DA_DK(28),
  DE_AT(29),
  DE_CH(30),
  DE_DE(31),
  EL_GR(32),
  EN_AU(33),
  EN_CA(34),
  EN_GB(35),
  EN_HK(36),
  EN_IE(37),
  EN_IN(38),
  EN_KE(39),
  EN_NG(40),
  EN_NZ(41),
  EN_PH(42),
  EN_SG(43),
  EN_TZ(44),
  EN_ZA(45),
  ES_AR(46),
  ES_BO(47),
  ES_CL(48),
  ES_CO(49),
  ES_CR(50),
  ES_CU(51),
  ES_DO(52),
  ES_EC(53),
  ES_ES(54),
  ES_GQ(55),
  ES_GT(56),
  ES_HN(57),
  ES_MX(58),
  ES_NI(59),
  ES_PA(60),
  ES_PE(61),
  ES_PR(62),
  ES_PY(63),
  ES_SV(64),
  ES_US(65),
  ES_UY(66),
  ES_VE(67),
  ET_EE(68),
  EU_ES(69),
  FA_IR(70),
  FI_FI(71),
  FIL_PH(72),
  FR_BE(73),
  FR_CA(74),
  FR_CH(75),
  FR_FR(76),
  GA_IE(77),
  GL_ES(78),
  GU_IN(79),
  HE_IL(80),
  HI_IN(81),
  HR_HR(82),
  HU_HU(83),
  HY_AM(84),
  ID_ID(85),
  IS_IS(86),
  IT_IT(87),
  JA_JP(88),
  JV_ID(89),
  KA_GE(90),
  KK_KZ(91),
  KM_KH(92),
  KN_IN(93),
  KO_KR(94),
  LO_LA(95),
  LT_LT(96),
  LV_LV(97),
  MK_MK(98),
  ML_IN(99),
  MN_MN(100),
  MR_IN(101),
  MS_MY(102),
  MT_MT(103),
  MY_MM(104),
  NB_NO(105),
  NE_NP(106),
  NL_BE(107),
  NL_NL(108),
  PL_PL(109),
  PS_AF(110),
  PT_BR(111),
  PT_PT(112),
  RO_RO(113),
  RU_RU(114),
  SI_LK(115),
  SK_SK(116),
  SL_SI(117),
  SO_SO(118),
  SQ_AL(119),
  SR_RS(120),
  SU_ID(121),
  SV_SE(122),
  SW_KE(123),
  SW_TZ(124),
  TA_IN(125),
  TA_LK(126),
  TA_MY(127),
  TA_SG(128),
  TE_IN(129),
  TH_TH(130),
  TR_TR(131),
  UK_UA(132),
  UR_IN(133),
  UR_PK(134),
  UZ_UZ(135),
  VI_VN(136),
  ZH_CN(139),
  ZH_CN_HENAN(140),
  ZH_CN_LIAONING(141),
  ZH_CN_SHAANXI(142),
  ZH_CN_SHANDONG(143),
  ZH_CN_SICHUAN(144),
  ZH_HK(145),
  ZH_TW(146),
  ZU_ZA(147),
  PA_IN(148),
  SA_IN(149),
  AR_XA(150),
  TL_PH(151);

  /** How many suggestions an unknown tag's message names. */
  static final int SUGGESTIONS = 5;

  private static final Map<String, Language> BY_KEY = new HashMap<>();
  private static final Map<Integer, Language> BY_ID = new HashMap<>();

  static {
    for (Language language : values()) {
      BY_KEY.put(key(language.tag), language);
      BY_ID.put(language.id, language);
    }
  }

  private final int id;
  private final String tag;

  Language(int id) {
    this.id = id;
    this.tag = tagOf(name());
  }

  /** Camb.ai's integer id, what {@code POST /dub} takes. */
  public int id() {
    return id;
  }

  /**
   * The locale tag: the SDK's name with '-' for '_', the language lower case, a two-letter region
   * upper case, anything after it lower case ({@code en-US}, {@code fil-PH}, {@code zh-CN-henan}).
   */
  public String tag() {
    return tag;
  }

  /**
   * The language {@code tag} names, in any case, with '-' or '_'.
   *
   * @throws UnknownLanguageException when none does, naming the closest tags
   */
  public static Language fromTag(String tag) {
    Language language = tag == null ? null : BY_KEY.get(key(tag));
    if (language == null) {
      List<Language> closest = closest(tag == null ? "" : tag, SUGGESTIONS);
      throw new UnknownLanguageException(
          "unknown language tag \"" + (tag == null ? "" : tag.strip()) + "\"" + hint(closest),
          closest);
    }
    return language;
  }

  /**
   * The language with Camb.ai id {@code id}.
   *
   * @throws UnknownLanguageException when no language of the SDK has it
   */
  public static Language fromId(long id) {
    Language language =
        id < Integer.MIN_VALUE || id > Integer.MAX_VALUE ? null : BY_ID.get((int) id);
    if (language == null) {
      throw new UnknownLanguageException(
          "unknown language id "
              + id
              + ": Camb.ai's ids (camb-sdk "
              + SDK_VERSION
              + ") run from "
              + values()[0].id
              + " to "
              + Arrays.stream(values()).mapToInt(Language::id).max().orElseThrow()
              + ", with gaps",
          List.of());
    }
    return language;
  }

  /** The SDK version this enum was transcribed from. */
  public static final String SDK_VERSION = "1.6.6";

  /**
   * The {@code max} languages whose tags are fewest edits away from {@code tag} (Levenshtein, on
   * the case- and separator-folded forms); ties go to tags of the same primary language, then to
   * the lower id.
   */
  public static List<Language> closest(String tag, int max) {
    String wanted = key(tag);
    String primary = wanted.split("-", 2)[0];
    Comparator<Language> order =
        Comparator.<Language>comparingInt(l -> distance(wanted, key(l.tag)))
            .thenComparingInt(l -> key(l.tag).startsWith(primary + "-") ? 0 : 1)
            .thenComparingInt(Language::id);
    return Arrays.stream(values()).sorted(order).limit(max).toList();
  }

  /** Every language, in the SDK's order. */
  public static List<Language> all() {
    return Collections.unmodifiableList(Arrays.asList(values()));
  }

  private static String hint(List<Language> closest) {
    if (closest.isEmpty()) {
      return "";
    }
    StringBuilder text = new StringBuilder("; the closest are ");
    for (int i = 0; i < closest.size(); i++) {
      text.append(i == 0 ? "" : ", ").append(closest.get(i).tag);
    }
    return text.toString();
  }

  private static String key(String tag) {
    return tag.strip().replace('_', '-').toLowerCase(Locale.ROOT);
  }

  private static String tagOf(String name) {
    String[] parts = name.toLowerCase(Locale.ROOT).split("_");
    StringBuilder tag = new StringBuilder(parts[0]);
    for (int i = 1; i < parts.length; i++) {
      tag.append('-')
          .append(i == 1 && parts[i].length() == 2 ? parts[i].toUpperCase(Locale.ROOT) : parts[i]);
    }
    return tag.toString();
  }

  /** Levenshtein distance: insertions, deletions and substitutions of one character. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
