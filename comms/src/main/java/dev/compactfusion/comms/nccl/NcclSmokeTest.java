package dev.compactfusion.comms.nccl;

import dev.compactfusion.comms.local.LocalCluster;
import dev.compactfusion.comms.transport.Communicator;
import dev.compactfusion.comms.transport.Tag;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * World-size-1 NCCL smoke test for the GPU check machine (NCCL refuses two ranks on one GPU):
 * creates the communicator (unique id through a one-member control group), runs an all-gather,
 * a broadcast and a barrier through device memory, checks the bytes, prints {@code NCCL-SMOKE OK}.
 * Exit 0 on success, 1 on a wrong result or failure, 77 when NCCL cannot load here (skip).
 */
public final class NcclSmokeTest {
  private NcclSmokeTest() {}

  public static int run(String... args) {
    NcclAvailability availability = NcclAvailability.probe();
    if (!availability.available()) {
      System.out.println("NCCL-SMOKE SKIPPED: " + availability.reason());
      return 77;
    }
    Communicator control = LocalCluster.create(1).get(0);
    try (NcclCommunicator c = NcclCommunicator.create(control, 0, Duration.ofSeconds(30))) {
      ByteBuffer mine = ByteBuffer.allocate(1000);
      for (int i = 0; i < 1000; i++) {
        mine.put((byte) (i * 7));
      }
      mine.flip();
      ByteBuffer[] gathered = c.allGatherAsync(Tag.of("smoke"), mine).join();
      ByteBuffer broadcast = c.broadcastAsync(Tag.of("smoke"), mine, 0).join();
      c.barrierAsync(Tag.of("smoke")).join();
      boolean ok = gathered.length == 1 && gathered[0].equals(mine) && broadcast.equals(mine);
      System.out.println(ok ? "NCCL-SMOKE OK (" + availability.reason() + ")" : "NCCL-SMOKE WRONG RESULT");
      return ok ? 0 : 1;
    } catch (RuntimeException e) {
      System.out.println("NCCL-SMOKE FAILED: " + e);
      return 1;
    }
  }
}
