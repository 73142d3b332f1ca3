package dev.compactfusion.comms.tcp;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The shared secret of one cluster; proves knowledge of it with HMAC-SHA256 over two nonces. */
public final class ClusterToken {
  static final int NONCE_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String text;

  public ClusterToken(String text) {
    if (text == null || text.length() < 8) {
      throw new IllegalArgumentException("cluster token must be at least 8 characters (use the token the "
          + "coordinator printed, or let it generate one)");
    }
    this.text = text;
  }

  /** A fresh random token (256 bits, hex) for a coordinator that was given none. */
  public static ClusterToken generate() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return new ClusterToken(HexFormat.of().formatHex(bytes));
  }

  public String text() {
    return text;
  }

  static byte[] nonce() {
    byte[] n = new byte[NONCE_BYTES];
    RANDOM.nextBytes(n);
    return n;
  }

  /** The proof a prover sends: MAC over (the verifier's nonce, the prover's own nonce). */
  byte[] proof(byte[] verifierNonce, byte[] proverNonce) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(text.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update("compactfusion-v1".getBytes(StandardCharsets.US_ASCII));
      mac.update(verifierNonce);
      return mac.doFinal(proverNonce);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  boolean verify(byte[] verifierNonce, byte[] proverNonce, byte[] proof) {
    return MessageDigest.isEqual(proof(verifierNonce, proverNonce), proof);
  }

  @Override
  public String toString() {
    return "ClusterToken[hidden]";
  }
}
