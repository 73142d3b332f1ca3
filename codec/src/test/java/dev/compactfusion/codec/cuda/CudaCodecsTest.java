package dev.compactfusion.codec.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CudaCodecsTest {

  @Test
  void probeNeverThrowsAndExplainsItself() {
    CudaAvailability a = CudaCodecs.probe();
    assertThat(a.reason()).isNotBlank();
    if (!a.available()) {
      assertThat(a.reason()).startsWith("no CUDA");
    }
  }

  /** Bit-identical packed bits, scales within one fp16 ulp, bases within 1e-6 (in practice identical). */
  @Test
  void kernelsAgreeWithTheJavaCodecs() {
    CudaAvailability a = CudaCodecs.probe();
    assumeTrue(a.available(), "CUDA codec kernels not checked: " + a.reason());
    try (CudaCodecs cuda = CudaCodecs.open()) {
      List<CudaSelfCheck.Result> results = CudaSelfCheck.run(cuda);
      assertThat(results).hasSize(24);
      assertThat(results).allSatisfy(r -> assertThat(r.passed()).as(r.name() + ": " + r.detail()).isTrue());
    }
  }
}
