package dev.compactfusion.perf.sim;

/**
 * The interconnect between the workers.
 *
 * @param bandwidthGBs bytes per second one transfer achieves, per direction, in GB/s (10⁹ B/s):
 *     per GPU port for {@link Topology#PER_PORT}, for the whole medium for {@link Topology#SHARED}
 * @param latencyUs fixed cost of one message step of a collective (NCCL step latency, TCP round)
 * @param lineRateGBs the wire's rate per direction, GB/s: what no achieved bandwidth can exceed, and
 *     the upper end of a calibrated bandwidth
 */
public record LinkSpec(String name, double bandwidthGBs, double latencyUs, Topology topology, double lineRateGBs) {

  /** How concurrent transfers of the workers share the wire. */
  public enum Topology {
    /**
     * Every GPU has its own full-duplex port into a switch (NVSwitch, a PCIe switch): workers send
     * and receive at the same time without slowing each other; a collective costs the bytes one
     * worker sends (or receives, whichever is larger) over one port.
     */
    PER_PORT,
    /**
     * One medium carries every flow (the published slow-network runs: four ranks behind one
     * rate-limited loopback link): a collective costs the bytes all workers send over it.
     */
    SHARED
  }

  public LinkSpec {
    if (!(bandwidthGBs > 0) || latencyUs < 0) {
      throw new IllegalArgumentException("link " + name + " needs positive bandwidth and non-negative latency");
    }
    if (topology == null) {
      throw new IllegalArgumentException("link " + name + " needs a topology");
    }
    if (!(lineRateGBs >= bandwidthGBs)) {
      throw new IllegalArgumentException("link " + name + " cannot achieve " + bandwidthGBs
          + " GB/s over a " + lineRateGBs + " GB/s wire");
    }
  }

  /** A link that achieves its full line rate. */
  public LinkSpec(String name, double bandwidthGBs, double latencyUs, Topology topology) {
    this(name, bandwidthGBs, latencyUs, topology, bandwidthGBs);
  }

  public LinkSpec withBandwidth(double gbs) {
    return new LinkSpec(name, gbs, latencyUs, topology, lineRateGBs);
  }

  /**
   * Seconds for one collective phase in which each of {@code workers} sends {@code bytesPerWorker}
   * in {@code messageSteps} sequential message steps.
   */
  public double seconds(double bytesPerWorker, int workers, int messageSteps) {
    double wireBytes = topology == Topology.SHARED ? bytesPerWorker * workers : bytesPerWorker;
    return wireBytes / (bandwidthGBs * 1e9) + messageSteps * latencyUs * 1e-6;
  }
}
