package dev.compactfusion.engine.launch;

import java.util.Locale;

/** Which communicator backend the workers use. */
public enum CommKind {
  LOCAL,
  TCP,
  NCCL;

  public static CommKind parse(String s) {
    try {
      return valueOf(s.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown --comm '" + s + "'; known: local, tcp, nccl");
    }
  }

  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
