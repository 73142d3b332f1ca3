package dev.compactfusion.models.diffusers.pipeline;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.compactfusion.models.diffusers.format.CheckpointException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The class names of a DiTPipeline's {@code model_index.json} ({@code id2label}: index → synonyms
 * separated by commas, as in ImageNet's synset list). A prompt names a class by any synonym, case
 * and surrounding spaces ignored. Unlike diffusers, which silently keeps the last of two classes
 * sharing a name ("crane" is a bird and a machine), a shared name is refused with both indices.
 */
public final class ImageNetLabels {
  private static final int SUGGESTIONS = 5;

  private final Map<Integer, List<String>> synonyms;

  private ImageNetLabels(Map<Integer, List<String>> synonyms) {
    this.synonyms = synonyms;
  }

  /** The labels of {@code model_index.json}; none when it has no id2label (then only class indices work). */
  public static ImageNetLabels read(Path modelIndex) {
    try {
      JsonObject o = JsonParser.parseString(Files.readString(modelIndex)).getAsJsonObject();
      Map<Integer, List<String>> out = new TreeMap<>();
      JsonElement table = o.get("id2label");
      if (table != null && table.isJsonObject()) {
        for (Map.Entry<String, JsonElement> e : table.getAsJsonObject().entrySet()) {
          List<String> names = new ArrayList<>();
          for (String name : e.getValue().getAsString().split(",")) {
            if (!name.isBlank()) {
              names.add(name.strip());
            }
          }
          out.put(Integer.parseInt(e.getKey().strip()), List.copyOf(names));
        }
      }
      return new ImageNetLabels(out);
    } catch (IOException | RuntimeException e) {
      throw new CheckpointException(modelIndex + ": cannot read id2label (" + e.getMessage() + ")", e);
    }
  }

  /** The class {@code prompt} names. */
  public int classOf(String prompt) {
    String wanted = normalise(prompt);
    if (synonyms.isEmpty()) {
      throw new IllegalArgumentException("this model folder's model_index.json has no id2label; pick a class with"
          + " --class N");
    }
    List<Integer> hits = new ArrayList<>();
    synonyms.forEach((index, names) -> {
      if (names.stream().anyMatch(n -> normalise(n).equals(wanted))) {
        hits.add(index);
      }
    });
    if (hits.size() == 1) {
      return hits.get(0);
    }
    if (hits.size() > 1) {
      throw new IllegalArgumentException("'" + prompt.strip() + "' names classes " + describe(hits)
          + "; pick one with --class N");
    }
    throw new IllegalArgumentException("unknown label '" + prompt.strip() + "'; closest: " + describe(closest(wanted))
        + " (or pick a class with --class N)");
  }

  /** The first synonym of class {@code index}, or "class N" when the table has none. */
  public String name(int index) {
    List<String> names = synonyms.get(index);
    return names == null || names.isEmpty() ? "class " + index : names.get(0);
  }

  /**
   * For each class below {@code classes} that has a label, in class order, its first synonym that
   * names only that class: the prompts a client can pick from (a shared name such as "crane"
   * would be refused, so it is not offered).
   */
  public List<String> promptNames(int classes) {
    Map<String, Integer> owners = new HashMap<>();
    synonyms.values().forEach(names -> names.stream().map(ImageNetLabels::normalise).distinct()
        .forEach(n -> owners.merge(n, 1, Integer::sum)));
    List<String> out = new ArrayList<>();
    synonyms.forEach((index, names) -> {
      if (index < classes) {
        names.stream().filter(n -> owners.get(normalise(n)) == 1).findFirst().ifPresent(out::add);
      }
    });
    return out;
  }

  private List<Integer> closest(String wanted) {
    return synonyms.keySet().stream()
        .sorted(Comparator.comparingInt((Integer i) -> distance(wanted, i)).thenComparing(i -> i))
        .limit(SUGGESTIONS)
        .toList();
  }

  private int distance(String wanted, int index) {
    return synonyms.get(index).stream().mapToInt(n -> editDistance(wanted, normalise(n))).min().orElse(Integer.MAX_VALUE);
  }

  private String describe(List<Integer> indices) {
    List<String> parts = new ArrayList<>();
    for (int i : indices) {
      parts.add(i + " (" + String.join(", ", synonyms.get(i)) + ")");
    }
    return String.join("; ", parts);
  }

  private static String normalise(String s) {
    return s.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
  }

  /** Levenshtein distance: what "closest" means for a misspelt label. */
  static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
