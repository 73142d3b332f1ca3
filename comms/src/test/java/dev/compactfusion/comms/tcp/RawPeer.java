package dev.compactfusion.comms.tcp;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;

/** A hand-written protocol peer over a plain socket, to send what a correct member never would. */
final class RawPeer implements AutoCloseable {
  private final Socket socket;
  final DataInputStream in;
  final DataOutputStream out;

  RawPeer(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    in = new DataInputStream(socket.getInputStream());
    out = new DataOutputStream(socket.getOutputStream());
  }

  /** Completes the token handshake as a member with {@code token} would. */
  void authenticate(String token) throws IOException {
    byte[] mine = ClusterToken.nonce();
    frame(FrameType.CHALLENGE, mine);
    byte[] theirs = readFrame(FrameType.CHALLENGE);
    frame(FrameType.RESPONSE, new ClusterToken(token).proof(theirs, mine));
    readFrame(FrameType.RESPONSE);
  }

  void frame(FrameType type, byte[] body) throws IOException {
    out.writeInt(1 + body.length);
    out.writeByte(type.code());
    out.write(body);
    out.flush();
  }

  byte[] readFrame(FrameType expected) throws IOException {
    int length = in.readInt();
    int type = in.readByte();
    if (type != expected.code()) {
      throw new IOException("expected " + expected + ", got type " + type);
    }
    byte[] body = new byte[length - 1];
    in.readFully(body);
    return body;
  }

  /** True once the other side has closed the connection (reads reach the end of the stream). */
  boolean closedByPeer() throws IOException {
    try {
      while (in.read() >= 0) {
        // drain whatever was in flight before the close
      }
      return true;
    } catch (EOFException e) {
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return e.getMessage() != null && e.getMessage().contains("reset");
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
