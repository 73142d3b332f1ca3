package dev.compactfusion.comms.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.compactfusion.comms.transport.Communicator;
import dev.compactfusion.comms.transport.PeerFailureException;
import dev.compactfusion.comms.transport.Tag;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The tcp backend across real, separate JVM processes (the coordinator is this JVM). */
class TcpProcessTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  @Test
  void threeWorkerProcessesAndTheCoordinatorRunEveryCollective() throws Exception {
    TcpCoordinator coordinator = TcpCommunicator.coordinator(
        TcpConfig.coordinator("127.0.0.1", 0, 4, null).withTimeout(TIMEOUT));
    List<WorkerProcess> workers = startWorkers(coordinator, 3, "bytes=1048576");
    try (Communicator c = coordinator.awaitMembers()) {
      assertThat(TcpSelfTest.exercise(c, -1, 1 << 20)).isZero();
      for (WorkerProcess w : workers) {
        assertThat(w.await(60)).as(w.output()).isZero();
        assertThat(w.output()).contains("OK").containsPattern("RANK [123] OF 4");
      }
    } finally {
      workers.forEach(WorkerProcess::close);
    }
  }

  @Test
  void aWorkerKilledMidCollectiveMakesTheOthersFailNamingIt() throws Exception {
    Duration shortTimeout = Duration.ofSeconds(5);
    TcpCoordinator coordinator = TcpCommunicator.coordinator(
        TcpConfig.coordinator("127.0.0.1", 0, 3, null).withTimeout(shortTimeout));
    List<WorkerProcess> workers = startWorkers(coordinator, 2, "die-rank=2", "timeout-ms=5000");
    try (Communicator c = coordinator.awaitMembers()) {
      ByteBuffer[] first = c.allGatherAsync(Tag.of("selftest-gather"), pattern(0, 1000)).join();
      assertThat(first).hasSize(3);
      // Rank 2 halts now; rank 1 and this coordinator are inside the all-to-all with it.
      ByteBuffer[] out = {ByteBuffer.allocate(0), ByteBuffer.allocate(300), ByteBuffer.allocate(100)};
      assertThatThrownBy(() -> c.allToAllAsync(Tag.of("selftest-a2a"), out).join())
          .isInstanceOf(CompletionException.class)
          .cause().isInstanceOf(PeerFailureException.class)
          .hasMessageContaining("worker 2")
          .hasMessageContaining("all-to-all selftest-a2a");
      String outputs = workers.get(0).output() + workers.get(1).output();
      int[] codes = {workers.get(0).await(30), workers.get(1).await(30)};
      assertThat(codes).containsExactlyInAnyOrder(9, 3);
      assertThat(outputs + workers.get(0).output() + workers.get(1).output())
          .contains("HALTING as asked").contains("PEER-FAILURE worker=2");
    } finally {
      workers.forEach(WorkerProcess::close);
    }
  }

  private static List<WorkerProcess> startWorkers(TcpCoordinator coordinator, int n, String... extra)
      throws Exception {
    List<WorkerProcess> workers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<String> args = new ArrayList<>(List.of("role=worker", "join=127.0.0.1:" + coordinator.port(),
          "token=" + coordinator.token()));
      args.addAll(List.of(extra));
      workers.add(WorkerProcess.start(args.toArray(String[]::new)));
    }
    return workers;
  }

  private static ByteBuffer pattern(int source, int size) {
    ByteBuffer b = ByteBuffer.allocate(size);
    for (int i = 0; i < size; i++) {
      b.put((byte) (source * 31 + i));
    }
    return b.flip();
  }
}
