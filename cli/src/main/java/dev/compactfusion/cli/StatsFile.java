package dev.compactfusion.cli;

import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/** Writes a run's stats as a JSON object, atomically (temp file in the same folder, then rename). */
final class StatsFile {
  private StatsFile() {}

  static void write(Path out, Map<String, Object> stats) throws IOException {
    Path dir = out.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, "." + out.getFileName(), ".tmp");
    try {
      Files.writeString(tmp, new GsonBuilder().setPrettyPrinting().create().toJson(stats) + "\n", StandardCharsets.UTF_8);
      Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
