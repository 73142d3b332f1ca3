package dev.compactfusion.perf.slownet;

import dev.compactfusion.perf.bench.MethodSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The PSNR of each method against serial as a fidelity page reports it ({@code tools fidelity-table}
 * writes such tables: rows "| patch 1bit | 30.82 | ..."); the first table row of a label wins, so
 * the page's current measurement is read, not the older ones kept below it. A suite's speedups are
 * drawn against these, so that no speedup is read without its cost.
 */
public record FidelityRows(Path source, Map<String, Double> psnrByLabel) {
  public FidelityRows {
    psnrByLabel = Map.copyOf(psnrByLabel);
  }

  public static FidelityRows read(Path page) {
    Map<String, Double> rows = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(page, StandardCharsets.UTF_8)) {
        String[] cells = line.split("\\|");
        if (cells.length < 3 || !line.startsWith("|")) {
          continue;
        }
        String label = cells[1].strip();
        String psnr = cells[2].strip();
        Double value = psnr.startsWith("∞") ? Double.valueOf(Double.POSITIVE_INFINITY) : number(psnr);
        if (value != null && !label.isEmpty()) {
          rows.putIfAbsent(label, value);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the fidelity page " + page + ": " + e.getMessage(), e);
    }
    return new FidelityRows(page, rows);
  }

  /** The row label the fidelity tool gives this method: "patch 1bit", "ring fp16 naive", "distrifusion none". */
  public static String label(MethodSpec m) {
    String strategy = m.strategy().cliName();
    String codec = m.codec().toString();
    return strategy + " " + codec + (m.halfPrecision() ? " naive" : "");
  }

  public Optional<Double> psnr(MethodSpec m) {
    return Optional.ofNullable(psnrByLabel.get(label(m)));
  }

  private static Double number(String text) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
