package dev.compactfusion.cli;

import dev.compactfusion.models.hub.HubClient;
import dev.compactfusion.models.hub.HubRepo;
import dev.compactfusion.models.hub.HubSettings;
import dev.compactfusion.models.hub.Pull;
import dev.compactfusion.models.hub.PullListener;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pull REPO[@REVISION] --to DIR}: the one command that goes online. */
@Command(
    name = "pull",
    mixinStandardHelpOptions = true,
    description = {
        "Download a diffusers pipeline from a Hugging Face Hub repository into a local folder.",
        "",
        "Fetches model_index.json and, for each component it names, the component's configs, "
            + "tokenizer files and safetensors weights (single file or shard index and shards); "
            + "never .bin/.ckpt/.msgpack weights. LFS files are checked against their sha256. "
            + "Downloads go to DIR.partial and resume there after an interruption; DIR appears only "
            + "when every file is complete and verified.",
        "",
        "Environment: HF_ENDPOINT (default " + HubSettings.DEFAULT_ENDPOINT + "), HF_TOKEN (sent as "
            + "'Authorization: Bearer' for private or gated repositories)."},
    footer = {"", "Examples:",
        "  ./compactfusion pull facebook/DiT-XL-2-256 --revision refs/pr/1 --to dit-xl-2-256",
        "  ./compactfusion pull facebook/DiT-XL-2-256@refs/pr/1 --to ~/models/dit-xl-2-256"})
final class PullCommand implements Callable<Integer> {
  @Mixin VerbosityOptions verbosity;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "REPO[@REVISION]", description = "Hub repository, e.g. facebook/DiT-XL-2-256@refs/pr/1.")
  String repository;

  @Option(names = "--revision", paramLabel = "REV",
      description = "Branch, tag, commit or refs/pr/N (main; or the @REVISION of REPO).")
  String revision;

  @Option(names = "--to", required = true, paramLabel = "DIR", description = "Folder to create (its parent is created too).")
  Path to;

  @Option(names = "--force", description = "Replace DIR if it already exists (only once the new download is complete).")
  boolean force;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
      description = "Bound on connecting and on each wait for data (${DEFAULT-VALUE}).")
  long timeoutSeconds;

  private final Map<String, String> environment;

  PullCommand() {
    this(System.getenv());
  }

  /** Tests pass their own HF_ENDPOINT and HF_TOKEN here. */
  PullCommand(Map<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    if (timeoutSeconds <= 0) {
      throw new UsageException("--timeout " + timeoutSeconds + ": give a positive number of seconds");
    }
    HubRepo repo = HubRepo.parse(repository, revision);
    HubSettings settings = HubSettings.fromEnvironment(environment, Duration.ofSeconds(timeoutSeconds));
    PrintWriter out = spec.commandLine().getOut();
    Pull.Result r;
    try (Progress progress = new Progress(spec.commandLine().getErr())) {
      r = new Pull(new HubClient(settings), progress).run(repo, to, force);
    }
    out.printf(Locale.ROOT, "pulled %s (commit %s) into %s: %d files, %s, %d checked against their LFS sha256%n",
        r.repo(), r.commit(), r.dir(), r.files(), size(r.bytes()), r.verified());
    out.flush();
    return 0;
  }

  static String size(long bytes) {
    return bytes < 1 << 20 ? String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0)
        : bytes < 1L << 30 ? String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1 << 20))
        : String.format(Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30));
  }

  /** A progress bar per large file on a terminal; one line per file otherwise (logs, tests). */
  private static final class Progress implements PullListener, AutoCloseable {
    private static final long BAR_FROM = 1 << 20;
    private final PrintWriter err;
    private ProgressBar bar;

    Progress(PrintWriter err) {
      this.err = err;
    }

    @Override
    public void fileStarted(String path, long size, long resumedFrom) {
      if (System.console() != null && size >= BAR_FROM) {
        bar = new ProgressBarBuilder().setTaskName(path).setInitialMax(size).setUnit("MiB", 1 << 20)
            .startsFrom(resumedFrom, Duration.ZERO).showSpeed().setStyle(ProgressBarStyle.ASCII).build();
      } else if (resumedFrom > 0) {
        err.println("resuming " + path + " from byte " + resumedFrom);
      }
    }

    @Override
    public void fileProgress(long bytes) {
      if (bar != null) {
        bar.stepTo(bytes);
      }
    }

    @Override
    public void fileDone(String path, long size, boolean verified) {
      close();
      err.println("fetched " + path + " (" + size(size) + (verified ? ", sha256 ok" : "") + ")");
      err.flush();
    }

    /** Also on failure, so that the error line starts on a fresh line. */
    @Override
    public void close() {
      if (bar != null) {
        bar.close();
        bar = null;
      }
    }
  }
}
