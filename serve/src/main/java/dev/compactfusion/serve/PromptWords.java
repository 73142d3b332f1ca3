package dev.compactfusion.serve;

import dev.compactfusion.models.prompt.Vocabulary;
import java.util.List;

/**
 * What a served model's prompts may say, as the web page offers it and as the pool's warm-up asks:
 * the embedded models combine one word per attribute ("red circle"); a class-conditional DiT
 * folder takes one ImageNet label ("golden retriever") as the whole prompt.
 *
 * @param kind how the words make a prompt
 * @param groups the words, by attribute (one group, "class", for labels)
 * @param warmup the prompt of the pool's one-step warm-up: "" (unconditional) where the model
 *     draws without a condition, else its first label
 */
public record PromptWords(Kind kind, List<Group> groups, String warmup) {
  public enum Kind {
    /** One word of each group at most, in any order. */
    WORDS,
    /** Exactly one label, the whole prompt. */
    LABEL
  }

  /** One attribute's words, e.g. colour: red, green, ... */
  public record Group(String name, List<String> words) {
    public Group {
      words = List.copyOf(words);
    }
  }

  public PromptWords {
    groups = List.copyOf(groups);
    if (kind == null || groups.isEmpty() || warmup == null) {
      throw new IllegalArgumentException("prompt words need a kind, at least one group and a warm-up prompt");
    }
  }

  /** An embedded model's vocabulary; warms up unconditionally. */
  public static PromptWords of(Vocabulary vocabulary) {
    List<Group> groups = vocabulary.attributes().stream().map(a -> new Group(a.name(), a.words())).toList();
    return new PromptWords(Kind.WORDS, groups, "");
  }

  /** A class-conditional model's labels; warms up on the first. */
  public static PromptWords labels(List<String> labels) {
    if (labels.isEmpty()) {
      throw new IllegalArgumentException("a class-conditional model needs at least one label to serve");
    }
    return new PromptWords(Kind.LABEL, List.of(new Group("class", labels)), labels.get(0));
  }
}
