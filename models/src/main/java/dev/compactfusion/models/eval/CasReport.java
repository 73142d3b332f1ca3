package dev.compactfusion.models.eval;

import java.util.List;

/**
 * Classification accuracy of generated samples against their prompts (CAS), per attribute, and
 * the share of samples with every attribute right.
 */
public record CasReport(List<String> attributes, int samples, double[] accuracy, double allCorrect) {
  public CasReport {
    attributes = List.copyOf(attributes);
    accuracy = accuracy.clone();
    if (accuracy.length != attributes.size()) {
      throw new IllegalArgumentException("one accuracy per attribute: " + attributes.size()
          + " attributes, " + accuracy.length + " values");
    }
  }

  @Override
  public double[] accuracy() {
    return accuracy.clone();
  }

  public double accuracy(String attribute) {
    int i = attributes.indexOf(attribute);
    if (i < 0) {
      throw new IllegalArgumentException("no attribute '" + attribute + "' in " + attributes);
    }
    return accuracy[i];
  }
}
