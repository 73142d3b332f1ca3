package dev.compactfusion.perf.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MatrixBenchTest {
  @Test
  void serialRunsOnceOnOneWorkerAndTheRestCrossEveryAxis() {
    List<BenchCase> cases = MatrixBench.cases(MethodSpec.parseAll(List.of("serial", "ring", "compact:1bit")),
        List.of(2, 4), LinkSetting.parseAll(List.of("none", "100mbit")));
    assertThat(cases).extracting(BenchCase::label).containsExactly(
        "serial x1 @ none",
        "ring x2 @ none", "ring x2 @ 100mbit", "ring x4 @ none", "ring x4 @ 100mbit",
        "compact:1bit x2 @ none", "compact:1bit x2 @ 100mbit", "compact:1bit x4 @ none",
        "compact:1bit x4 @ 100mbit");
  }

  @Test
  void warmUpRunsAreRunButNotKept() {
    List<Integer> calls = new ArrayList<>();
    CaseRunner runner = c -> i -> {
      calls.add(i);
      return Fixtures.stats(c.workers(), 2, 10 * (i + 1), 0, 100);
    };
    StringWriter log = new StringWriter();
    BenchResults r = new MatrixBench(Fixtures.settings(2, 2, 3), runner, new PrintWriter(log))
        .run(MatrixBench.cases(MethodSpec.parseAll(List.of("patch")), List.of(2), List.of(LinkSetting.NONE)), "m");
    assertThat(calls).containsExactly(0, 1, 2, 3, 4);
    CaseResult c = r.cases().get(0);
    assertThat(c.runs()).extracting(RunRecord::run).containsExactly(2, 3, 4);
    // run i computes 10(i+1)+1 ms on the slowest rank plus 1 ms codec per step, 2 steps
    assertThat(c.latency().min()).isEqualTo(0.064);
    assertThat(log.toString().lines()).hasSize(6)
        .anyMatch(l -> l.startsWith("[1/1] patch x2 @ none: workers up and warm in "))
        .anyMatch(l -> l.startsWith("[1/1] patch x2 @ none warm-up 2/2: "))
        .anyMatch(l -> l.startsWith("[1/1] patch x2 @ none run 3/3: 0.104 s denoising"));
  }

  @Test
  void aCaseThatCannotStartIsRecordedAndItsSessionIsClosedAfterItsRuns() {
    List<String> closed = new ArrayList<>();
    CaseRunner runner = c -> {
      if (c.method().name().equals("ring")) {
        throw new IllegalStateException("worker 1 (process 42) failed: no memory");
      }
      return new CaseSession() {
        @Override
        public dev.compactfusion.engine.stats.RunStats run(int i) {
          return Fixtures.stats(c.workers(), 1, 1, 0, 1);
        }

        @Override
        public void close() {
          closed.add(c.label());
        }
      };
    };
    StringWriter log = new StringWriter();
    List<Integer> partials = new ArrayList<>();
    BenchResults r = new MatrixBench(Fixtures.settings(1, 1, 2), runner, new PrintWriter(log))
        .run(MatrixBench.cases(MethodSpec.parseAll(List.of("ring", "patch")), List.of(2), List.of(LinkSetting.NONE)),
            "m", partial -> partials.add(partial.cases().size()));
    assertThat(r.cases().get(0).error()).isEqualTo("worker 1 (process 42) failed: no memory");
    assertThat(r.cases().get(1).runs()).hasSize(2);
    assertThat(closed).containsExactly("patch x2 @ none");
    assertThat(partials).containsExactly(1);
    assertThat(log.toString()).contains("ring x2 @ none: FAILED to start: worker 1 (process 42) failed: no memory");
  }

  @Test
  void aFailingCaseIsRecordedAndTheMatrixGoesOn() {
    CaseRunner runner = c -> i -> {
      if (c.method().name().equals("ring")) {
        throw new IllegalStateException("worker 1 (thread) failed: boom");
      }
      return Fixtures.stats(c.workers(), 1, 1, 0, 1);
    };
    StringWriter log = new StringWriter();
    BenchResults r = new MatrixBench(Fixtures.settings(1, 0, 1), runner, new PrintWriter(log))
        .run(MatrixBench.cases(MethodSpec.parseAll(List.of("ring", "serial")), List.of(2),
            List.of(LinkSetting.NONE)), "m");
    assertThat(r.cases()).hasSize(2);
    assertThat(r.cases().get(0).ok()).isFalse();
    assertThat(r.cases().get(0).error()).isEqualTo("worker 1 (thread) failed: boom");
    assertThat(r.succeeded()).extracting(c -> c.benchCase().method().name()).containsExactly("serial");
    assertThat(log.toString()).contains("ring x2 @ none run 1/1: FAILED: worker 1 (thread) failed: boom");
  }
}
