package dev.compactfusion.models.prompt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The words a model understands, grouped by attribute, plus filler words the parser skips
 * ("a", "moving"). A prompt names at most one word per attribute; attributes it does not name
 * get the null entry.
 */
public record Vocabulary(List<Attribute> attributes, Set<String> fillers) {
  public Vocabulary {
    attributes = List.copyOf(attributes);
    fillers = Set.copyOf(fillers);
    if (attributes.isEmpty()) {
      throw new IllegalArgumentException("vocabulary needs at least one attribute");
    }
    Map<String, String> owner = new HashMap<>();
    for (Attribute a : attributes) {
      for (String w : a.words()) {
        String previous = owner.put(w, a.name());
        if (previous != null) {
          throw new IllegalArgumentException("vocabulary word '" + w + "' belongs to both '"
              + previous + "' and '" + a.name() + "'");
        }
        if (fillers.contains(w)) {
          throw new IllegalArgumentException("vocabulary word '" + w + "' is also a filler word");
        }
      }
    }
  }

  public Condition parse(String prompt) {
    int[] ids = new int[attributes.size()];
    for (String word : prompt.toLowerCase(Locale.ROOT).split("[\\s,]+")) {
      if (word.isEmpty() || fillers.contains(word)) {
        continue;
      }
      boolean known = false;
      for (int a = 0; a < attributes.size() && !known; a++) {
        int index = attributes.get(a).words().indexOf(word);
        if (index >= 0) {
          known = true;
          if (ids[a] != Condition.NULL_ID) {
            throw new IllegalArgumentException("prompt '" + prompt + "' names two " + attributes.get(a).name()
                + "s ('" + attributes.get(a).words().get(ids[a] - 1) + "' and '" + word + "'); give one");
          }
          ids[a] = index + 1;
        }
      }
      if (!known) {
        throw new IllegalArgumentException("unknown word '" + word + "' in prompt '" + prompt
            + "'; this model knows " + describe());
      }
    }
    return new Condition(ids);
  }

  /** The prompt words of a condition, e.g. "red circle"; "(unconditional)" when all are null. */
  public String words(Condition c) {
    List<String> out = new ArrayList<>();
    for (int a = 0; a < attributes.size(); a++) {
      if (c.id(a) != Condition.NULL_ID) {
        out.add(attributes.get(a).words().get(c.id(a) - 1));
      }
    }
    return out.isEmpty() ? "(unconditional)" : String.join(" ", out);
  }

  /** e.g. "colour: red, green; shape: circle, square". */
  public String describe() {
    List<String> parts = new ArrayList<>();
    for (Attribute a : attributes) {
      parts.add(a.name() + ": " + String.join(", ", a.words()));
    }
    return String.join("; ", parts);
  }
}
