package dev.compactfusion.perf.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;

/**
 * The best a plain blocking {@code java.nio} socket does on loopback: one thread writes
 * {@code count} messages of {@code size} bytes from one direct buffer, another reads them into
 * one reused direct buffer. No framing, no allocation per message.
 */
final class RawSocketBaseline {
  private RawSocketBaseline() {}

  /** Seconds from the first byte written to the last byte read. */
  static double transfer(int size, int count) throws Exception {
    try (ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
      CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
        try (SocketChannel in = server.accept()) {
          ByteBuffer buf = ByteBuffer.allocateDirect(size);
          for (int m = 0; m < count; m++) {
            buf.clear();
            while (buf.hasRemaining()) {
              if (in.read(buf) < 0) {
                throw new IOException("baseline sender closed early");
              }
            }
          }
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      });
      try (SocketChannel out = SocketChannel.open(server.getLocalAddress())) {
        out.socket().setTcpNoDelay(true);
        ByteBuffer data = ByteBuffer.allocateDirect(size);
        long start = System.nanoTime();
        for (int m = 0; m < count; m++) {
          data.clear();
          while (data.hasRemaining()) {
            out.write(data);
          }
        }
        reader.join();
        return (System.nanoTime() - start) / 1e9;
      }
    }
  }
}
