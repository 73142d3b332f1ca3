package dev.compactfusion.comms.nccl;

import dev.compactfusion.comms.transport.CommStats;
import dev.compactfusion.comms.transport.Communicator;
import dev.compactfusion.comms.transport.PeerFailureException;
import dev.compactfusion.comms.transport.Tag;
import dev.compactfusion.comms.transport.mesh.Payloads;
import dev.compactfusion.comms.transport.mesh.StatsRecorder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.cuda.global.nccl;
import org.bytedeco.cuda.nccl.ncclComm;
import org.bytedeco.cuda.nccl.ncclUniqueId;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * The NCCL backend: one rank per GPU, collectives on device memory, ordered on one CUDA stream.
 *
 * <p>Unlike local and tcp, NCCL matches operations by the order they are issued, not by tag:
 * every member must issue the same operations in the same order (tags only name them in
 * statistics and errors). Operations run one after another on a thread of this communicator;
 * a stream that does not finish within the timeout is aborted ({@code ncclCommAbort}) and the
 * operation fails with a {@link PeerFailureException} whose rank is -1, because NCCL does not
 * say which peer stalled.
 *
 * <p>The {@link Communicator} methods take host buffers and stage them through device memory
 * (sizes are exchanged first, so uneven and zero sizes work); the {@code *Device} methods work
 * on device memory directly. Byte counters count payload bytes (NCCL's own framing is not visible).
 */
public final class NcclCommunicator implements Communicator {
  private final ncclComm comm;
  private final CUstream_st stream;
  private final int rank;
  private final int worldSize;
  private final Duration timeout;
  private final StatsRecorder stats = new StatsRecorder();
  private final ExecutorService queue;

  private NcclCommunicator(ncclComm comm, CUstream_st stream, int rank, int worldSize, Duration timeout) {
    this.comm = comm;
    this.stream = stream;
    this.rank = rank;
    this.worldSize = worldSize;
    this.timeout = timeout;
    this.queue = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "nccl-rank-" + rank);
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Creates the NCCL rank of every member of {@code control} (all must call this): rank 0 makes
   * the unique id, {@code control} carries it to the others, each binds to {@code device}.
   */
  public static NcclCommunicator create(Communicator control, int device, Duration timeout) {
    NcclAvailability availability = NcclAvailability.probe();
    if (!availability.available()) {
      throw new IllegalStateException("NCCL is not usable here: " + availability.reason());
    }
    check(cudart.cudaSetDevice(device), "cudaSetDevice(" + device + ")");
    NcclId mine = null;
    if (control.rank() == 0) {
      ncclUniqueId id = new ncclUniqueId();
      checkNccl(nccl.ncclGetUniqueId(id), "ncclGetUniqueId");
      byte[] bytes = new byte[NcclId.BYTES];
      id.internal().get(bytes);
      mine = new NcclId(bytes);
    }
    NcclId shared = NcclId.exchange(control, mine);
    ncclUniqueId id = new ncclUniqueId();
    id.internal().put(shared.bytes());
    ncclComm comm = new ncclComm();
    checkNccl(nccl.ncclCommInitRank(comm, control.worldSize(), id, control.rank()), "ncclCommInitRank");
    CUstream_st stream = new CUstream_st();
    check(cudart.cudaStreamCreate(stream), "cudaStreamCreate");
    return new NcclCommunicator(comm, stream, control.rank(), control.worldSize(), timeout);
  }

  @Override
  public int rank() {
    return rank;
  }

  @Override
  public int worldSize() {
    return worldSize;
  }

  @Override
  public Duration timeout() {
    return timeout;
  }

  @Override
  public CommStats stats() {
    return stats.snapshot();
  }

  // ---- device API -------------------------------------------------------------------------

  /** Equal-size all-gather: {@code receive} holds worldSize × {@code send.bytes()} bytes, rank order. */
  public CompletableFuture<Void> allGatherDevice(Tag tag, DeviceBuffer send, DeviceBuffer receive) {
    NcclChecks.allGather(worldSize, send, receive);
    return run(tag, () -> {
      checkNccl(nccl.ncclAllGather(at(send), at(receive), send.bytes(), nccl.ncclUint8, comm, stream), "ncclAllGather");
      await(tag);
      count(tag, send.bytes() * (worldSize - 1), send.bytes() * (worldSize - 1));
      return null;
    });
  }

  /** Grouped ncclSend/ncclRecv: {@code send[r]} goes to rank r, {@code receive[r]} (same size as r's send) from r. */
  public CompletableFuture<Void> allToAllDevice(Tag tag, DeviceBuffer[] send, DeviceBuffer[] receive) {
    NcclChecks.allToAll(worldSize, send, receive);
    return run(tag, () -> {
      long[] moved = pairwise(send, receive);
      await(tag);
      count(tag, moved[0], moved[1]);
      return null;
    });
  }

  public CompletableFuture<Void> sendDevice(Tag tag, int peer, DeviceBuffer data) {
    NcclChecks.peer(worldSize, peer, "send destination");
    return run(tag, () -> {
      checkNccl(nccl.ncclSend(at(data), data.bytes(), nccl.ncclUint8, peer, comm, stream), "ncclSend");
      await(tag);
      count(tag, data.bytes(), 0);
      return null;
    });
  }

  public CompletableFuture<Void> receiveDevice(Tag tag, int peer, DeviceBuffer into) {
    NcclChecks.peer(worldSize, peer, "receive source");
    return run(tag, () -> {
      checkNccl(nccl.ncclRecv(at(into), into.bytes(), nccl.ncclUint8, peer, comm, stream), "ncclRecv");
      await(tag);
      count(tag, 0, into.bytes());
      return null;
    });
  }

  // ---- Communicator (host buffers staged through device memory) ---------------------------

  @Override
  public CompletableFuture<ByteBuffer[]> allGatherAsync(Tag tag, ByteBuffer mine) {
    Objects.requireNonNull(mine, "all-gather needs this member's buffer (may be empty, not null)");
    ByteBuffer[] out = new ByteBuffer[worldSize];
    java.util.Arrays.fill(out, mine);
    return exchangeHost(tag, out);
  }

  @Override
  public CompletableFuture<ByteBuffer[]> allToAllAsync(Tag tag, ByteBuffer[] outgoing) {
    if (outgoing == null || outgoing.length != worldSize) {
      throw new IllegalArgumentException("all-to-all needs one buffer per member (" + worldSize + "), got "
          + (outgoing == null ? "null" : outgoing.length));
    }
    return exchangeHost(tag, outgoing.clone());
  }

  @Override
  public CompletableFuture<ByteBuffer> broadcastAsync(Tag tag, ByteBuffer data, int root) {
    NcclChecks.peer(worldSize, root, "broadcast root");
    if (rank == root) {
      Objects.requireNonNull(data, "the broadcast root must pass its buffer");
    }
    return run(tag, () -> {
      long[] size = {rank == root ? data.remaining() : 0};
      try (LongPointer sizeHost = new LongPointer(size); DeviceMemory sizeDev = new DeviceMemory(8)) {
        copyIn(sizeDev.pointer, sizeHost, 8);
        checkNccl(nccl.ncclBroadcast(sizeDev.pointer, sizeDev.pointer, 1, nccl.ncclInt64, root, comm, stream),
            "ncclBroadcast");
        await(tag);
        copyOut(sizeHost, sizeDev.pointer, 8);
        long n = sizeHost.get(0);
        try (DeviceMemory dev = new DeviceMemory(n)) {
          if (rank == root) {
            copyIn(dev.pointer, hostOf(data), n);
          }
          checkNccl(nccl.ncclBroadcast(dev.pointer, dev.pointer, n, nccl.ncclUint8, root, comm, stream), "ncclBroadcast");
          await(tag);
          count(tag, rank == root ? n * (worldSize - 1) : 0, rank == root ? 0 : n);
          return rank == root ? Payloads.view(data) : toHost(dev.pointer, n);
        }
      }
    });
  }

  @Override
  public CompletableFuture<Void> sendAsync(Tag tag, int peer, ByteBuffer data) {
    NcclChecks.peer(worldSize, peer, "send destination");
    Objects.requireNonNull(data, "send needs a buffer");
    return run(tag, () -> {
      long n = data.remaining();
      try (LongPointer size = new LongPointer(new long[] {n}); DeviceMemory sizeDev = new DeviceMemory(8);
          DeviceMemory dev = new DeviceMemory(n)) {
        copyIn(sizeDev.pointer, size, 8);
        copyIn(dev.pointer, hostOf(data), n);
        checkNccl(nccl.ncclGroupStart(), "ncclGroupStart");
        nccl.ncclSend(sizeDev.pointer, 1, nccl.ncclInt64, peer, comm, stream);
        nccl.ncclSend(dev.pointer, n, nccl.ncclUint8, peer, comm, stream);
        checkNccl(nccl.ncclGroupEnd(), "ncclGroupEnd(send)");
        await(tag);
        count(tag, n, 0);
        return null;
      }
    });
  }

  @Override
  public CompletableFuture<ByteBuffer> receiveAsync(Tag tag, int peer) {
    NcclChecks.peer(worldSize, peer, "receive source");
    return run(tag, () -> {
      try (LongPointer size = new LongPointer(1); DeviceMemory sizeDev = new DeviceMemory(8)) {
        checkNccl(nccl.ncclRecv(sizeDev.pointer, 1, nccl.ncclInt64, peer, comm, stream), "ncclRecv(size)");
        await(tag);
        copyOut(size, sizeDev.pointer, 8);
        long n = size.get(0);
        try (DeviceMemory dev = new DeviceMemory(n)) {
          checkNccl(nccl.ncclRecv(dev.pointer, n, nccl.ncclUint8, peer, comm, stream), "ncclRecv");
          await(tag);
          count(tag, 0, n);
          return toHost(dev.pointer, n);
        }
      }
    });
  }

  @Override
  public CompletableFuture<Void> barrierAsync(Tag tag) {
    return run(tag, () -> {
      try (DeviceMemory one = new DeviceMemory(4)) {
        checkNccl(nccl.ncclAllReduce(one.pointer, one.pointer, 1, nccl.ncclInt32, nccl.ncclSum, comm, stream),
            "ncclAllReduce(barrier)");
        await(tag);
        return null;
      }
    });
  }

  /**
   * NCCL sub-groups come from ncclCommSplit, which every member of the parent must call; the
   * contract's "only members call" cannot be met. Use {@link #split(int, int)} on every rank.
   */
  @Override
  public Communicator subGroup(String name, int[] members) {
    throw new UnsupportedOperationException("NCCL sub-groups need every rank of the parent to call split(color, key)");
  }

  @Override
  public void retire() {
    throw new UnsupportedOperationException("NCCL groups are split, not retired: destroy the split communicator");
  }

  /** ncclCommSplit: every rank of this group calls it; ranks with equal color form one new group, ordered by key. */
  public NcclCommunicator split(int color, int key) {
    return CompletableFuture.supplyAsync(() -> {
      ncclComm child = new ncclComm();
      checkNccl(nccl.ncclCommSplit(comm, color, key, child, null), "ncclCommSplit");
      int[] r = new int[1];
      int[] n = new int[1];
      checkNccl(nccl.ncclCommUserRank(child, r), "ncclCommUserRank");
      checkNccl(nccl.ncclCommCount(child, n), "ncclCommCount");
      CUstream_st s = new CUstream_st();
      check(cudart.cudaStreamCreate(s), "cudaStreamCreate");
      return new NcclCommunicator(child, s, r[0], n[0], timeout);
    }, queue).join();
  }

  @Override
  public void close() {
    CompletableFuture.runAsync(() -> {
      nccl.ncclCommDestroy(comm);
      cudart.cudaStreamDestroy(stream);
    }, queue).join();
    queue.shutdown();
  }

  // ---- internals --------------------------------------------------------------------------

  private CompletableFuture<ByteBuffer[]> exchangeHost(Tag tag, ByteBuffer[] outgoing) {
    return run(tag, () -> {
      long[] mySizes = new long[worldSize];
      for (int r = 0; r < worldSize; r++) {
        mySizes[r] = outgoing[r].remaining();
      }
      long[] matrix = new long[worldSize * worldSize];
      try (LongPointer mine = new LongPointer(mySizes); LongPointer all = new LongPointer(matrix.length);
          DeviceMemory mineDev = new DeviceMemory(8L * worldSize);
          DeviceMemory allDev = new DeviceMemory(8L * worldSize * worldSize)) {
        copyIn(mineDev.pointer, mine, 8L * worldSize);
        checkNccl(nccl.ncclAllGather(mineDev.pointer, allDev.pointer, worldSize, nccl.ncclInt64, comm, stream),
            "ncclAllGather(sizes)");
        await(tag);
        copyOut(all, allDev.pointer, 8L * matrix.length);
        all.get(matrix);
      }
      DeviceMemory[] send = new DeviceMemory[worldSize];
      DeviceMemory[] recv = new DeviceMemory[worldSize];
      try {
        DeviceBuffer[] sendView = new DeviceBuffer[worldSize];
        DeviceBuffer[] recvView = new DeviceBuffer[worldSize];
        for (int r = 0; r < worldSize; r++) {
          send[r] = new DeviceMemory(r == rank ? 0 : mySizes[r]);
          recv[r] = new DeviceMemory(r == rank ? 0 : matrix[r * worldSize + rank]);
          if (r != rank) {
            copyIn(send[r].pointer, hostOf(outgoing[r]), mySizes[r]);
          }
          sendView[r] = send[r].view();
          recvView[r] = recv[r].view();
        }
        long[] moved = pairwise(sendView, recvView);
        await(tag);
        count(tag, moved[0], moved[1]);
        ByteBuffer[] out = new ByteBuffer[worldSize];
        for (int r = 0; r < worldSize; r++) {
          out[r] = r == rank ? Payloads.view(outgoing[r]) : toHost(recv[r].pointer, recv[r].bytes);
        }
        return out;
      } finally {
        for (int r = 0; r < worldSize; r++) {
          if (send[r] != null) {
            send[r].close();
          }
          if (recv[r] != null) {
            recv[r].close();
          }
        }
      }
    });
  }

  /** Grouped send/receive with every other rank; returns the payload bytes sent and received. */
  private long[] pairwise(DeviceBuffer[] send, DeviceBuffer[] receive) {
    checkNccl(nccl.ncclGroupStart(), "ncclGroupStart");
    long sent = 0;
    long received = 0;
    for (int r = 0; r < worldSize; r++) {
      if (r == rank) {
        continue;
      }
      if (send[r].bytes() > 0) {
        nccl.ncclSend(at(send[r]), send[r].bytes(), nccl.ncclUint8, r, comm, stream);
        sent += send[r].bytes();
      }
      if (receive[r].bytes() > 0) {
        nccl.ncclRecv(at(receive[r]), receive[r].bytes(), nccl.ncclUint8, r, comm, stream);
        received += receive[r].bytes();
      }
    }
    checkNccl(nccl.ncclGroupEnd(), "ncclGroupEnd");
    return new long[] {sent, received};
  }

  private <T> CompletableFuture<T> run(Tag tag, Supplier<T> op) {
    Objects.requireNonNull(tag, "tag");
    stats.operation(tag.kind());
    return CompletableFuture.supplyAsync(op, queue);
  }

  /** Waits for the stream, bounded by the timeout; aborts the communicator when a peer never comes. */
  private void await(Tag tag) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long start = System.nanoTime();
    while (true) {
      int status = cudart.cudaStreamQuery(stream);
      if (status == cudart.cudaSuccess) {
        stats.blocked(tag.kind(), System.nanoTime() - start);
        return;
      }
      if (status != cudart.cudaErrorNotReady) {
        throw new PeerFailureException(-1, tag.toString(), "CUDA stream failed with error " + status, null);
      }
      int[] async = new int[1];
      nccl.ncclCommGetAsyncError(comm, async);
      if (async[0] != nccl.ncclSuccess && async[0] != nccl.ncclInProgress) {
        nccl.ncclCommAbort(comm);
        throw new PeerFailureException(-1, tag.toString(), "NCCL failed: " + errorString(async[0]), null);
      }
      if (System.nanoTime() > deadline) {
        nccl.ncclCommAbort(comm);
        throw new PeerFailureException(-1, tag.toString(), "NCCL did not finish within " + timeout.toMillis()
            + " ms (a peer died or stalled; NCCL does not say which); communicator aborted", null);
      }
      Thread.onSpinWait();
    }
  }

  private void count(Tag tag, long sent, long received) {
    stats.sent(tag.kind(), sent);
    stats.received(tag.kind(), received);
  }

  private void copyIn(Pointer device, Pointer host, long bytes) {
    if (bytes > 0) {
      check(cudart.cudaMemcpy(device, host, bytes, cudart.cudaMemcpyHostToDevice), "cudaMemcpy(host→device)");
    }
  }

  private void copyOut(Pointer host, Pointer device, long bytes) {
    if (bytes > 0) {
      check(cudart.cudaMemcpy(host, device, bytes, cudart.cudaMemcpyDeviceToHost), "cudaMemcpy(device→host)");
    }
  }

  private ByteBuffer toHost(Pointer device, long bytes) {
    ByteBuffer out = ByteBuffer.allocateDirect((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (bytes > 0) {
      copyOut(new BytePointer(out), device, bytes);
    }
    return out;
  }

  /** JavaCPP needs direct memory; a heap buffer is copied once. */
  private static Pointer hostOf(ByteBuffer data) {
    if (data.isDirect()) {
      return new BytePointer(data.slice());
    }
    ByteBuffer direct = ByteBuffer.allocateDirect(data.remaining());
    direct.put(data.duplicate()).flip();
    return new BytePointer(direct);
  }

  private static Pointer at(DeviceBuffer b) {
    return new AddressPointer(b.address(), b.bytes());
  }

  private static String errorString(int code) {
    BytePointer s = nccl.ncclGetErrorString(code);
    return s == null ? "error " + code : s.getString() + " (" + code + ")";
  }

  static void checkNccl(int code, String what) {
    if (code != nccl.ncclSuccess) {
      throw new IllegalStateException(what + " failed: " + errorString(code));
    }
  }

  static void check(int code, String what) {
    if (code != cudart.cudaSuccess) {
      throw new IllegalStateException(what + " failed with CUDA error " + code);
    }
  }

  /** A JavaCPP pointer at a raw device address (JavaCPP keeps the address in a protected field). */
  private static final class AddressPointer extends Pointer {
    AddressPointer(long address, long bytes) {
      this.address = address;
      this.capacity = bytes;
      this.limit = bytes;
    }
  }

  /** cudaMalloc'd memory freed on close; zero bytes allocates nothing. */
  private static final class DeviceMemory implements AutoCloseable {
    final Pointer pointer = new Pointer();
    final long bytes;

    DeviceMemory(long bytes) {
      this.bytes = bytes;
      if (bytes > 0) {
        check(cudart.cudaMalloc(pointer, bytes), "cudaMalloc(" + bytes + ")");
      }
    }

    DeviceBuffer view() {
      return new DeviceBuffer(pointer.address(), bytes);
    }

    @Override
    public void close() {
      if (bytes > 0) {
        cudart.cudaFree(pointer);
      }
    }
  }
}
