package dev.compactfusion.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Intrinsified little-endian access to byte arrays, the codecs' wire representation. */
final class LittleEndian {
  private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle FLOAT = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);

  private LittleEndian() {}

  static void putShort(byte[] b, int off, short v) {
    SHORT.set(b, off, v);
  }

  static float getHalf(byte[] b, int off) {
    return Half.toFloat((short) SHORT.get(b, off));
  }

  static void putHalf(byte[] b, int off, float v) {
    SHORT.set(b, off, Half.fromFloat(v));
  }

  static int getInt(byte[] b, int off) {
    return (int) INT.get(b, off);
  }

  static void putInt(byte[] b, int off, int v) {
    INT.set(b, off, v);
  }

  static long getLong(byte[] b, int off) {
    return (long) LONG.get(b, off);
  }

  static void putLong(byte[] b, int off, long v) {
    LONG.set(b, off, v);
  }

  static float getFloat(byte[] b, int off) {
    return (float) FLOAT.get(b, off);
  }

  static void putFloat(byte[] b, int off, float v) {
    FLOAT.set(b, off, v);
  }
}
