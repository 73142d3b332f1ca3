package dev.compactfusion.models.safetensors;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A checkpoint split over several safetensors files by a {@code *.safetensors.index.json} whose
 * {@code weight_map} names each tensor's shard. The index and the shards must agree exactly: every
 * mapped tensor is in its shard, and every shard tensor is mapped to that shard.
 */
public final class ShardedSafetensors implements TensorStore {
  private final String index;
  private final Map<String, MappedSafetensors> byTensor;

  private ShardedSafetensors(String index, Map<String, MappedSafetensors> byTensor) {
    this.index = index;
    this.byTensor = byTensor;
  }

  public static ShardedSafetensors open(Path indexFile) {
    String index = indexFile.toString();
    JsonObject weightMap;
    try {
      JsonElement root = JsonParser.parseString(Files.readString(indexFile));
      JsonElement map = root.isJsonObject() ? root.getAsJsonObject().get("weight_map") : null;
      if (map == null || !map.isJsonObject()) {
        throw new SafetensorsException(index, null, "has no \"weight_map\" object");
      }
      weightMap = map.getAsJsonObject();
    } catch (IOException e) {
      throw new SafetensorsException(index, null, "cannot read (" + e.getMessage() + ")", e);
    } catch (JsonParseException e) {
      throw new SafetensorsException(index, null, "is not valid JSON (" + e.getMessage() + ")", e);
    }
    Path dir = indexFile.toAbsolutePath().getParent();
    Map<String, MappedSafetensors> shards = new TreeMap<>();
    Map<String, MappedSafetensors> byTensor = new LinkedHashMap<>();
    for (Map.Entry<String, JsonElement> e : weightMap.entrySet()) {
      String shardName = e.getValue().getAsString();
      if (shardName.contains("/") || shardName.contains("\\")) {
        throw new SafetensorsException(index, e.getKey(), "shard '" + shardName + "' is not a file next to the index");
      }
      MappedSafetensors shard = shards.computeIfAbsent(shardName, s -> MappedSafetensors.open(dir.resolve(s)));
      if (!shard.names().contains(e.getKey())) {
        throw new SafetensorsException(shard.name(), e.getKey(), "missing (the index " + index + " maps it here)");
      }
      byTensor.put(e.getKey(), shard);
    }
    for (MappedSafetensors shard : shards.values()) {
      for (String tensor : shard.names()) {
        if (byTensor.get(tensor) != shard) {
          throw new SafetensorsException(shard.name(), tensor, "is not mapped to this shard by the index " + index);
        }
      }
    }
    return new ShardedSafetensors(index, Collections.unmodifiableMap(byTensor));
  }

  @Override
  public String name() {
    return index;
  }

  @Override
  public Set<String> names() {
    return byTensor.keySet();
  }

  @Override
  public long[] shape(String tensor) {
    return shard(tensor).shape(tensor);
  }

  @Override
  public DType dtype(String tensor) {
    return shard(tensor).dtype(tensor);
  }

  @Override
  public String fileOf(String tensor) {
    return shard(tensor).name();
  }

  @Override
  public Tensor tensor(String tensor) {
    return shard(tensor).tensor(tensor);
  }

  @Override
  public Optional<ByteBuffer> mappedF32(String tensor) {
    return shard(tensor).mappedF32(tensor);
  }

  private MappedSafetensors shard(String tensor) {
    MappedSafetensors s = byTensor.get(tensor);
    if (s == null) {
      throw new SafetensorsException(index, tensor, "missing (the index maps " + byTensor.size() + " tensors)");
    }
    return s;
  }
}
