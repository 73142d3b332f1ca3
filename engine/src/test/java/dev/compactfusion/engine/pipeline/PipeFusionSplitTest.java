package dev.compactfusion.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.compactfusion.models.dit.TokenRange;
import org.junit.jupiter.api.Test;

/**
 * The two splits PipeFusion rests on, over every depth and patch count a small model can have,
 * even or not: stages over blocks and patches over tokens each cover every item exactly once, in
 * order, in sizes that differ by at most one, the larger ones first.
 */
class PipeFusionSplitTest {

  @Test
  void stagesCoverEveryBlockOnceInOrderWithinOneBlockOfEachOther() {
    for (int depth = 1; depth <= 40; depth++) {
      for (int stages = 1; stages <= depth; stages++) {
        int[] sizes = new int[stages];
        int next = 0;
        for (int s = 0; s < stages; s++) {
          StageLayout layout = StageLayout.of(depth, stages, s);
          assertThat(layout.from()).as("stage %d of %d over %d blocks", s, stages, depth).isEqualTo(next);
          assertThat(layout.first()).isEqualTo(s == 0);
          assertThat(layout.last()).isEqualTo(s == stages - 1);
          sizes[s] = layout.to() - layout.from();
          next = layout.to();
        }
        assertThat(next).as("%d stages over %d blocks end at the depth", stages, depth).isEqualTo(depth);
        assertEvenAndLargerFirst(sizes, depth + " blocks on " + stages + " stages");
      }
    }
  }

  @Test
  void patchesCoverEveryTokenOnceInOrderWithinOneTokenOfEachOther() {
    for (int tokens = 1; tokens <= 70; tokens++) {
      for (int count = 1; count <= tokens; count++) {
        Patches patches = Patches.split(tokens, count);
        assertThat(patches.count()).isEqualTo(count);
        int[] sizes = new int[count];
        int next = 0;
        for (int p = 0; p < count; p++) {
          TokenRange range = patches.get(p);
          assertThat(range.start()).as("patch %d of %d over %d tokens", p, count, tokens).isEqualTo(next);
          sizes[p] = range.length();
          next = range.end();
          // A patch on its own and the chunk from it to the end map back to its index.
          assertThat(patches.first(range)).isEqualTo(p);
          assertThat(patches.end(range)).isEqualTo(p + 1);
          assertThat(patches.first(new TokenRange(range.start(), tokens))).isEqualTo(p);
        }
        assertThat(next).isEqualTo(tokens);
        assertThat(patches.all()).isEqualTo(new TokenRange(0, tokens));
        assertEvenAndLargerFirst(sizes, tokens + " tokens in " + count + " patches");
      }
    }
  }

  @Test
  void unevenExamplesAreTheDocumentedOnes() {
    assertThat(sizes(StageLayout.of(5, 4, 0), StageLayout.of(5, 4, 1), StageLayout.of(5, 4, 2), StageLayout.of(5, 4, 3)))
        .containsExactly(2, 1, 1, 1);
    Patches patches = Patches.split(16, 3);
    assertThat(new int[] {patches.get(0).length(), patches.get(1).length(), patches.get(2).length()})
        .containsExactly(6, 5, 5);
  }

  @Test
  void impossibleSplitsNameTheLimit() {
    assertThatThrownBy(() -> StageLayout.of(4, 5, 0)).hasMessage("5 pipeline stages for 4 blocks: every stage needs a block");
    assertThatThrownBy(() -> StageLayout.of(4, 2, 2)).hasMessage("stage 2 of 2 does not exist");
    assertThatThrownBy(() -> Patches.split(16, 17)).hasMessage("17 patches of 16 tokens: use 1 to 16");
    assertThatThrownBy(() -> Patches.split(16, 0)).hasMessage("0 patches of 16 tokens: use 1 to 16");
    Patches patches = Patches.split(16, 4);
    assertThatThrownBy(() -> patches.first(new TokenRange(2, 8))).hasMessage("tokens [2, 8) do not start a patch");
    assertThatThrownBy(() -> patches.end(new TokenRange(0, 6))).hasMessage("tokens [0, 6) do not end a patch");
  }

  private static int[] sizes(StageLayout... layouts) {
    int[] out = new int[layouts.length];
    for (int i = 0; i < layouts.length; i++) {
      out[i] = layouts[i].to() - layouts[i].from();
    }
    return out;
  }

  /** Sizes never grow along the split and the largest is at most one more than the smallest. */
  private static void assertEvenAndLargerFirst(int[] sizes, String what) {
    for (int i = 1; i < sizes.length; i++) {
      assertThat(sizes[i]).as(what).isLessThanOrEqualTo(sizes[i - 1]);
    }
    assertThat(sizes[0] - sizes[sizes.length - 1]).as(what).isBetween(0, 1);
    assertThat(sizes[sizes.length - 1]).as(what).isPositive();
  }
}
