package dev.compactfusion.comms.transport.mesh;

import dev.compactfusion.comms.transport.Tag;

/**
 * The stream a message belongs to: the (sub-)group it was sent in, the collective and the tag.
 * Together with the source rank it matches a receive with a send; messages of one key from one
 * source arrive in the order they were sent.
 */
public record MessageKey(String group, Operation operation, Tag tag) {
  public static final int MAX_GROUP_LENGTH = 256;

  public MessageKey {
    if (group == null || group.length() > MAX_GROUP_LENGTH) {
      throw new IllegalArgumentException("group name must be at most " + MAX_GROUP_LENGTH + " characters");
    }
    if (operation == null || tag == null) {
      throw new IllegalArgumentException("operation and tag are required");
    }
  }

  /** How the operation is named in errors: "all-gather kv[layer 3, step 1, #0] in group /ring". */
  public String describe() {
    String op = operation.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    return op + " " + tag + (group.isEmpty() ? "" : " in group " + group);
  }
}
