package dev.compactfusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compactfusion.cli.MainTest.Result;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code pull} against {@link HubFixture} on loopback; never the real network. */
class PullCommandTest {
  private static final String SINGLE = "transformer/diffusion_pytorch_model.safetensors";
  private static final List<String> PIPELINE = List.of("model_index.json", "scheduler/scheduler_config.json",
      "transformer/config.json", SINGLE, "vae/config.json", "vae/diffusion_pytorch_model.safetensors");

  @TempDir Path tmp;

  /** Runs the command with {@code env} as its environment, wired to the handlers {@link Main} uses. */
  private static Result pull(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new PullCommand(env));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    cli.setExecutionExceptionHandler(new FailureHandler(false));
    cli.setParameterExceptionHandler(new UsageErrorHandler(false));
    return new Result(cli.execute(args), out.toString(), err.toString());
  }

  private Result pull(HubFixture hub, Path dir, String... more) {
    String[] args = Stream.concat(Stream.of(HubFixture.REPO + "@" + HubFixture.REVISION, "--to", dir.toString(),
        "--timeout", "20"), Stream.of(more)).toArray(String[]::new);
    return pull(hub.environment(), args);
  }

  /** The one error line; the lines before it are the files fetched until then. */
  private static String error(Result r) {
    List<String> errors = r.err().lines().filter(l -> l.startsWith("error: ")).toList();
    assertThat(errors).as(r.err()).hasSize(1);
    return errors.get(0);
  }

  private static List<String> filesUnder(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString().replace('\\', '/')).sorted().toList();
    }
  }

  private static void assertSameBytes(HubFixture hub, Path dir, List<String> paths) throws IOException {
    for (String path : paths) {
      assertThat(Files.readAllBytes(dir.resolve(path))).as(path).isEqualTo(hub.content(path));
    }
  }

  @Test
  void pullsThePipelineFilesAndNothingElse() throws IOException {
    Path dir = tmp.resolve("models").resolve("tiny");
    try (HubFixture hub = HubFixture.ditPipeline(false)) {
      Result r = pull(hub, dir);
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(filesUnder(dir)).containsExactlyInAnyOrderElementsOf(PIPELINE);
      assertSameBytes(hub, dir, PIPELINE);
      assertThat(r.out()).contains("commit " + HubFixture.COMMIT).contains("6 files").contains("2 checked");
      assertThat(hub.requested).noneMatch(p -> p.endsWith(".bin") || p.endsWith("README.md") || p.contains("fp16"));
      assertThat(hub.authorizations).allMatch(String::isEmpty);
      assertThat(tmp.resolve("models").resolve("tiny.partial")).doesNotExist();
    }
  }

  @Test
  void shardedTransformerBringsItsIndexAndEveryShard() throws IOException {
    Path dir = tmp.resolve("sharded");
    try (HubFixture hub = HubFixture.ditPipeline(true)) {
      Result r = pull(hub, dir, "--revision", HubFixture.REVISION);
      assertThat(r.code()).as(r.err()).isZero();
      List<String> expected = Stream.concat(PIPELINE.stream().filter(p -> !p.equals(SINGLE)), Stream.of(
          "transformer/diffusion_pytorch_model.safetensors.index.json",
          "transformer/diffusion_pytorch_model-00001-of-00002.safetensors",
          "transformer/diffusion_pytorch_model-00002-of-00002.safetensors")).toList();
      assertThat(filesUnder(dir)).containsExactlyInAnyOrderElementsOf(expected);
      assertSameBytes(hub, dir, expected);
    }
  }

  @Test
  void anInterruptedTransferResumesWithARangeRequest() throws IOException {
    Path dir = tmp.resolve("resumed");
    try (HubFixture hub = HubFixture.ditPipeline(false).dropOnce(SINGLE)) {
      Result first = pull(hub, dir);
      assertThat(first.code()).isEqualTo(1);
      assertThat(error(first)).startsWith("error: " + SINGLE + ": connection lost after")
          .contains("run the same command again to resume");
      assertThat(dir).doesNotExist();
      Path part = tmp.resolve("resumed.partial").resolve(SINGLE + ".part");
      long kept = Files.size(part);
      assertThat(kept).isPositive();

      Result second = pull(hub, dir);
      assertThat(second.code()).as(second.err()).isZero();
      assertThat(hub.ranges).containsExactly(SINGLE + " bytes=" + kept + "-");
      assertThat(second.err()).contains("resuming " + SINGLE + " from byte " + kept);
      assertSameBytes(hub, dir, PIPELINE);
    }
  }

  /** The one test that waits: for the 1 s the command waits for data that never comes. */
  @Test
  void aStalledTransferEndsAtTheTimeoutAndResumesLater() throws IOException {
    Path dir = tmp.resolve("stalled");
    try (HubFixture hub = HubFixture.ditPipeline(false).stallOnce(SINGLE)) {
      Result first = pull(hub.environment(), HubFixture.REPO + "@" + HubFixture.REVISION, "--to", dir.toString(),
          "--timeout", "1");
      assertThat(first.code()).isEqualTo(1);
      assertThat(error(first)).isEqualTo("error: " + SINGLE + ": no data from 127.0.0.1 for 1 s (--timeout); run again to resume");
      assertThat(dir).doesNotExist();

      Result second = pull(hub, dir);
      assertThat(second.code()).as(second.err()).isZero();
      assertThat(hub.ranges).hasSize(1);
      assertSameBytes(hub, dir, PIPELINE);
    }
  }

  @Test
  void aChecksumMismatchFailsNamingTheFileAndLeavesNoFolder() {
    Path dir = tmp.resolve("corrupt");
    try (HubFixture hub = HubFixture.ditPipeline(false).corrupt(SINGLE)) {
      Result r = pull(hub, dir);
      assertThat(r.code()).isEqualTo(1);
      assertThat(error(r)).startsWith("error: " + SINGLE + ": sha256 ")
          .contains("where its LFS pointer says " + HubFixture.sha256(hub.content(SINGLE)));
      assertThat(dir).doesNotExist();
      assertThat(tmp.resolve("corrupt.partial").resolve(SINGLE + ".part")).doesNotExist();
    }
  }

  @Test
  void anUnknownRevisionIsNamed() {
    try (HubFixture hub = HubFixture.ditPipeline(false)) {
      Result r = pull(hub.environment(), HubFixture.REPO, "--revision", "refs/pr/9", "--to", tmp.resolve("x").toString());
      assertThat(r.code()).isEqualTo(1);
      assertThat(error(r)).isEqualTo("error: revision 'refs/pr/9' not found in " + HubFixture.REPO);
      assertThat(hub.requested).contains("/api/models/" + HubFixture.REPO + "/revision/refs%2Fpr%2F9");
    }
  }

  @Test
  void anUnknownRepositoryIsNamed() {
    try (HubFixture hub = HubFixture.ditPipeline(false)) {
      Result r = pull(hub.environment(), "fixture-org/other@" + HubFixture.REVISION, "--to", tmp.resolve("x").toString());
      assertThat(r.code()).isEqualTo(1);
      assertThat(error(r)).startsWith("error: repository fixture-org/other not found at " + hub.endpoint());
    }
  }

  @Test
  void theTokenIsSentAsABearerHeader() {
    try (HubFixture hub = HubFixture.ditPipeline(false).requireToken("hf_fixture")) {
      Map<String, String> env = new HashMap<>(hub.environment());
      env.put("HF_TOKEN", "hf_fixture");
      Result r = pull(env, HubFixture.REPO + "@" + HubFixture.REVISION, "--to", tmp.resolve("gated").toString());
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(hub.authorizations).isNotEmpty().allMatch("Bearer hf_fixture"::equals);
    }
  }

  @Test
  void theTokenDoesNotFollowARedirectToAnotherHost() throws IOException {
    try (HubFixture hub = HubFixture.ditPipeline(false).requireToken("hf_fixture").cdnHost("localhost")) {
      Map<String, String> env = new HashMap<>(hub.environment());
      env.put("HF_TOKEN", "hf_fixture");
      Path dir = tmp.resolve("cdn");
      Result r = pull(env, HubFixture.REPO + "@" + HubFixture.REVISION, "--to", dir.toString());
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(hub.cdnAuthorizations).hasSize(2).allMatch(String::isEmpty);
      assertSameBytes(hub, dir, PIPELINE);
    }
  }

  @Test
  void withoutATokenAGatedRepositorySaysToSetHfToken() {
    Path dir = tmp.resolve("gated");
    try (HubFixture hub = HubFixture.ditPipeline(false).requireToken("hf_fixture")) {
      Result r = pull(hub, dir);
      assertThat(r.code()).isEqualTo(1);
      assertThat(error(r)).contains("HTTP 401").contains("set HF_TOKEN");
      assertThat(dir).doesNotExist();
    }
  }

  @Test
  void aComponentWithOnlyBinWeightsIsRefused() {
    Path dir = tmp.resolve("bin-only");
    try (HubFixture hub = HubFixture.ditPipeline(false).remove(SINGLE)) {
      Result r = pull(hub, dir);
      assertThat(r.code()).isEqualTo(1);
      assertThat(error(r)).startsWith("error: transformer/ of " + HubFixture.REPO + "@" + HubFixture.REVISION
          + " has only .bin weights").contains("safetensors").contains("--revision");
      assertThat(dir).doesNotExist();
      assertThat(hub.requested).noneMatch(p -> p.endsWith(".bin"));
    }
  }

  @Test
  void anExistingFolderIsReplacedOnlyWithForce() throws IOException {
    Path dir = tmp.resolve("existing");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("mine.txt"), "keep");
    try (HubFixture hub = HubFixture.ditPipeline(false)) {
      Result refused = pull(hub, dir);
      assertThat(refused.code()).isEqualTo(2);
      assertThat(error(refused)).contains("already exists").contains("--force");
      assertThat(hub.requested).isEmpty();
      assertThat(dir.resolve("mine.txt")).exists();

      Result forced = pull(hub, dir, "--force");
      assertThat(forced.code()).as(forced.err()).isZero();
      assertThat(filesUnder(dir)).containsExactlyInAnyOrderElementsOf(PIPELINE);
    }
  }

  @Test
  void aFolderThatCannotBeCreatedIsADiskError() throws IOException {
    Path file = Files.writeString(tmp.resolve("a-file"), "not a folder");
    try (HubFixture hub = HubFixture.ditPipeline(false)) {
      Result r = pull(hub, file.resolve("tiny"));
      assertThat(r.code()).isEqualTo(1);
      assertThat(error(r)).startsWith("error: cannot write the download folder " + file.resolve("tiny") + ".partial: ");
    }
  }

  @Test
  void anUnreachableEndpointIsOneLine() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    Result r = pull(Map.of("HF_ENDPOINT", "http://127.0.0.1:" + closedPort), HubFixture.REPO, "--to",
        tmp.resolve("x").toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().lines()).hasSize(1);
    assertThat(error(r)).isEqualTo("error: cannot reach http://127.0.0.1:" + closedPort
        + ": connection refused (check HF_ENDPOINT and the network)");
  }

  @Test
  void badArgumentsAreUsageErrors() {
    Path dir = tmp.resolve("x");
    Map<String, String> none = Map.of("HF_ENDPOINT", "http://127.0.0.1:9");
    assertThat(pull(none, "not a repo", "--to", dir.toString()).code()).isEqualTo(2);
    assertThat(error(pull(none, "a/b@v1", "--revision", "v2", "--to", dir.toString())))
        .contains("names revision 'v1' but --revision says 'v2'");
    assertThat(pull(none, "a/b").code()).isEqualTo(2);
    assertThat(pull(none, "a/b", "--to", dir.toString(), "--timeout", "0").code()).isEqualTo(2);
    assertThat(pull(Map.of("HF_ENDPOINT", "ftp://127.0.0.1"), "a/b", "--to", dir.toString()).code()).isEqualTo(2);
  }

  @Test
  void pullIsACommandOfMain() {
    Result r = MainTest.run("pull", "--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("REPO[@REVISION]").contains("HF_TOKEN");
  }
}
