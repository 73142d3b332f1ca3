package dev.compactfusion.perf.sim;

import dev.compactfusion.perf.sim.method.Methods;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A user's own latencies for one machine, to calibrate the model against instead of a published
 * column: a CSV of {@code method,seconds} lines (an optional header line {@code method,seconds};
 * blank lines and {@code #} comments ignored), methods named as the cost model names them.
 */
public final class MeasuredColumn {
  private MeasuredColumn() {}

  public static Map<String, Double> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read measured latencies " + file + ": " + e.getMessage());
    }
    Map<String, Double> column = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#") || (i == 0 && line.equalsIgnoreCase("method,seconds"))) {
        continue;
      }
      String where = file + " line " + (i + 1);
      String[] cells = line.split(",");
      if (cells.length != 2) {
        throw new IllegalArgumentException(where + ": expected 'method,seconds', got '" + line + "'");
      }
      String method = cells[0].strip().toLowerCase(Locale.ROOT);
      Methods.byName(method);
      double seconds;
      try {
        seconds = Double.parseDouble(cells[1].strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(where + ": '" + cells[1].strip() + "' is not a number of seconds");
      }
      if (!(seconds > 0) || Double.isInfinite(seconds)) {
        throw new IllegalArgumentException(where + ": seconds must be positive, got " + cells[1].strip());
      }
      if (column.put(method, seconds) != null) {
        throw new IllegalArgumentException(where + ": method '" + method + "' is listed twice");
      }
    }
    if (column.size() < 2) {
      throw new IllegalArgumentException(file + ": needs at least two methods to calibrate against, found "
          + column.size());
    }
    return Collections.unmodifiableMap(column);
  }
}
