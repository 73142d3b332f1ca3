package dev.compactfusion.models.hub;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Which of a repository's files a diffusers pipeline folder needs: {@code model_index.json}, and
 * for each component it names, the component's configs and tokenizer files and its safetensors
 * weights (one file, or a shard index and the shards it lists). Pickle-era weights ({@code .bin},
 * {@code .ckpt}, ...), variants ({@code .fp16.safetensors}) and the repository's other files
 * (README, images, single-file checkpoints at the top) are never fetched.
 */
public final class FileSelection {
  public static final String MODEL_INDEX = "model_index.json";

  private static final String SAFETENSORS = ".safetensors";
  private static final String SAFETENSORS_INDEX = ".safetensors.index.json";
  private static final Pattern SHARD = Pattern.compile(".*-\\d+-of-\\d+");
  private static final Pattern COMPONENT = Pattern.compile("[A-Za-z0-9_-]+");
  private static final Set<String> OTHER_WEIGHTS = Set.of(".bin", ".ckpt", ".msgpack", ".h5", ".pt", ".pth", ".onnx", ".pb");
  private static final Set<String> SMALL_FILES = Set.of(".json", ".txt", ".model");

  /** One component's files: the plain ones, plus a shard index whose shards are read from it once fetched. */
  public record Component(String name, List<String> files, Optional<String> shardIndex) {}

  private FileSelection() {}

  /** The components {@code model_index.json} names with a library and class (null entries are absent parts). */
  public static List<String> components(JsonObject modelIndex) {
    List<String> names = new ArrayList<>();
    for (Map.Entry<String, JsonElement> e : modelIndex.entrySet()) {
      JsonElement v = e.getValue();
      boolean named = v.isJsonArray() && v.getAsJsonArray().size() == 2
          && !v.getAsJsonArray().get(0).isJsonNull() && !v.getAsJsonArray().get(1).isJsonNull();
      if (!e.getKey().startsWith("_") && named) {
        if (!COMPONENT.matcher(e.getKey()).matches()) {
          throw new HubException(MODEL_INDEX + ": component name '" + e.getKey() + "' is not a folder name");
        }
        names.add(e.getKey());
      }
    }
    return names;
  }

  /** The files to fetch for {@code component} out of the repository's {@code files}. */
  public static Component component(String component, List<String> files, HubRepo repo) {
    String prefix = component + "/";
    List<String> small = new ArrayList<>();
    List<String> single = new ArrayList<>();
    String index = null;
    String otherWeights = null;
    for (String file : files) {
      if (!file.startsWith(prefix) || file.indexOf('/', prefix.length()) >= 0) {
        continue;
      }
      String name = file.substring(prefix.length());
      int dot = name.indexOf('.');
      String stem = dot < 0 ? name : name.substring(0, dot);
      String extensions = dot < 0 ? "" : name.substring(dot);
      if (extensions.equals(SAFETENSORS_INDEX)) {
        index = file;
      } else if (extensions.equals(SAFETENSORS)) {
        if (!SHARD.matcher(stem).matches()) {
          single.add(file);
        }
      } else if (SMALL_FILES.contains(extensions)) {
        small.add(file);
      } else if (OTHER_WEIGHTS.stream().anyMatch(name::endsWith)) {
        otherWeights = file;
      }
    }
    if (small.isEmpty() && single.isEmpty() && index == null && otherWeights == null) {
      throw new HubException(MODEL_INDEX + " names component " + component + " but " + repo
          + " has no " + prefix + " files");
    }
    if (single.isEmpty() && index == null && otherWeights != null) {
      throw new HubException(prefix + " of " + repo + " has only " + otherWeights.substring(otherWeights.lastIndexOf('.'))
          + " weights (" + otherWeights + "); pull fetches safetensors only: use a revision that has them"
          + " (on the Hub often a conversion pull request, --revision refs/pr/N), or download the folder yourself"
          + " and convert it with tools/convert/bin_to_safetensors.py");
    }
    small.addAll(single);
    return new Component(component, List.copyOf(small), single.isEmpty() ? Optional.ofNullable(index) : Optional.empty());
  }

  /** The shards a fetched {@code *.safetensors.index.json} lists, each checked to be in the repository. */
  public static List<String> shards(String indexPath, JsonObject index, List<String> files) {
    JsonElement map = index.get("weight_map");
    if (map == null || !map.isJsonObject()) {
      throw new HubException(indexPath + ": no weight_map, not a safetensors shard index");
    }
    String folder = indexPath.substring(0, indexPath.lastIndexOf('/') + 1);
    Set<String> shards = new TreeSet<>();
    for (Map.Entry<String, JsonElement> e : map.getAsJsonObject().entrySet()) {
      String name = e.getValue().getAsString();
      if (name.contains("/") || !name.endsWith(SAFETENSORS) || !files.contains(folder + name)) {
        throw new HubException(indexPath + ": shard '" + name + "' (for " + e.getKey() + ") is not a file of the repository");
      }
      shards.add(folder + name);
    }
    return List.copyOf(shards);
  }
}
