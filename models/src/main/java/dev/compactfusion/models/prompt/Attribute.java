package dev.compactfusion.models.prompt;

import java.util.HashSet;
import java.util.List;

/** One conditioning attribute (e.g. colour) and the words that select its entries, in id order. */
public record Attribute(String name, List<String> words) {
  public Attribute {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("vocabulary attribute needs a name");
    }
    words = List.copyOf(words);
    if (words.isEmpty()) {
      throw new IllegalArgumentException("vocabulary attribute '" + name + "' has no words");
    }
    if (new HashSet<>(words).size() != words.size()) {
      throw new IllegalArgumentException("vocabulary attribute '" + name + "' lists a word twice");
    }
    for (String w : words) {
      if (!w.equals(w.toLowerCase(java.util.Locale.ROOT)) || w.isBlank() || w.contains(" ")) {
        throw new IllegalArgumentException("vocabulary word '" + w + "' must be one lower-case word");
      }
    }
  }

  /** Size of the embedding table: the words plus the null entry. */
  public int entries() {
    return words.size() + 1;
  }
}
