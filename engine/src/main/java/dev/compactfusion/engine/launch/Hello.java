package dev.compactfusion.engine.launch;

import dev.compactfusion.comms.transport.Communicator;
import dev.compactfusion.comms.transport.Tag;
import dev.compactfusion.engine.worker.Control;
import dev.compactfusion.comms.transport.Waits;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/**
 * The first exchange of a tcp world: every member says which process it is, so rank 0 can name
 * a failed worker by rank, pid and host (ranks are assigned in join order, not known in advance).
 */
record Hello(long pid, String host) {
  private static final Tag TAG = Tag.of("hello");

  static Hello[] exchange(Communicator world) {
    ByteBuffer mine = Control.json(new Hello(ProcessHandle.current().pid(), hostName()));
    ByteBuffer[] all = Waits.await(world.allGatherAsync(TAG, mine), world, "greeting the workers");
    Hello[] out = new Hello[all.length];
    for (int r = 0; r < all.length; r++) {
      out[r] = Control.json(all[r], Hello.class, TAG);
    }
    return out;
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown host";
    }
  }
}
