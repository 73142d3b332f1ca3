package dev.compactfusion.codec.residual;

import java.util.Locale;

/**
 * EF: both ends base := base + D(P) (error feedback). NOEF: the sender's base follows X exactly,
 * receivers add D(P) and drift. NAIVE: no residual, the payload is C(X).
 */
public enum ResidualMode {
  EF,
  NOEF,
  NAIVE;

  public static ResidualMode parse(String text) {
    if (text != null) {
      switch (text.trim().toLowerCase(Locale.ROOT)) {
        case "ef":
          return EF;
        case "noef":
          return NOEF;
        case "naive":
          return NAIVE;
        default:
          break;
      }
    }
    throw new IllegalArgumentException("unknown residual mode '" + text + "'; known modes: ef, noef, naive");
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
