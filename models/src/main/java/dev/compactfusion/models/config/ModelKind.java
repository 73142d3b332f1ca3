package dev.compactfusion.models.config;

/** Whether a model makes one frame (image) or several (video). */
public enum ModelKind {
  IMAGE,
  VIDEO;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
