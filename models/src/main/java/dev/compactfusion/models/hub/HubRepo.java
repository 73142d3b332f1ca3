package dev.compactfusion.models.hub;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** A model repository on the Hub ({@code owner/name}) at a revision (branch, tag, commit or {@code refs/pr/N}). */
public record HubRepo(String id, String revision) {
  public static final String DEFAULT_REVISION = "main";

  // The Hub's own rule for repository names; checking it here keeps odd characters out of URLs.
  private static final Pattern ID = Pattern.compile("([A-Za-z0-9][A-Za-z0-9._-]*/)?[A-Za-z0-9][A-Za-z0-9._-]*");

  public HubRepo {
    if (!ID.matcher(id).matches() || id.contains("..")) {
      throw new IllegalArgumentException("'" + id + "' is not a Hub repository name (owner/name)");
    }
    if (revision.isBlank() || revision.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
      throw new IllegalArgumentException("'" + revision + "' is not a revision (a branch, tag, commit or refs/pr/N)");
    }
  }

  /**
   * {@code REPO[@REVISION]} with {@code --revision} (null when not given): the revision may come from
   * either place but not two different ones.
   */
  public static HubRepo parse(String spec, String revisionOption) {
    int at = spec.indexOf('@');
    String id = at < 0 ? spec : spec.substring(0, at);
    String inline = at < 0 ? null : spec.substring(at + 1);
    if (inline != null && revisionOption != null && !inline.equals(revisionOption)) {
      throw new IllegalArgumentException(spec + " names revision '" + inline + "' but --revision says '"
          + revisionOption + "'; give one");
    }
    String revision = inline != null ? inline : revisionOption != null ? revisionOption : DEFAULT_REVISION;
    return new HubRepo(id, revision);
  }

  /** The revision as one URL path segment: {@code refs/pr/1} becomes {@code refs%2Fpr%2F1}. */
  public String encodedRevision() {
    return URLEncoder.encode(revision, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Override
  public String toString() {
    return id + "@" + revision;
  }
}
