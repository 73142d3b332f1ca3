package dev.compactfusion.comms.transport;

import dev.compactfusion.comms.link.LinkSpec;
import dev.compactfusion.comms.local.LocalCluster;
import java.time.Duration;
import java.util.List;

/** The backends that the collective matrix runs against, each creating a whole group in this JVM. */
public enum Backend {
  LOCAL {
    @Override
    public List<Communicator> open(int worldSize, Duration timeout) {
      return LocalCluster.create(worldSize, timeout);
    }
  },
  TCP {
    @Override
    public List<Communicator> open(int worldSize, Duration timeout) throws Exception {
      return TcpGroups.open(worldSize, timeout, LinkSpec.UNLIMITED);
    }
  };

  public abstract List<Communicator> open(int worldSize, Duration timeout) throws Exception;
}
