package dev.compactfusion.perf.sim;

/** A machine preset: identical GPUs joined by one kind of link. */
public record Hardware(String name, GpuSpec gpu, LinkSpec link) {

  public Hardware {
    if (gpu == null || link == null) {
      throw new IllegalArgumentException("hardware " + name + " needs a GPU and a link");
    }
  }
}
