package dev.compactfusion.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Which device each worker computes on; the rule needs no GPU to check. */
class DevicePlacementTest {
  @Test
  void cpuPlacesEveryWorkerOnTheCpu() {
    assertThat(Device.CPU.placement(3)).isEqualTo(ai.djl.Device.cpu());
    assertThat(Device.CPU.placement(3, 0)).isEqualTo(ai.djl.Device.cpu());
  }

  @Test
  void cudaSpreadsWorkersOverTheVisibleGpusFromTheOneAsked() {
    Device cuda = Device.parse("cuda");
    assertThat(cuda.placement(0, 4)).isEqualTo(ai.djl.Device.gpu(0));
    assertThat(cuda.placement(5, 4)).isEqualTo(ai.djl.Device.gpu(1));
    Device second = Device.parse("cuda:1");
    assertThat(second.placement(0, 2)).isEqualTo(ai.djl.Device.gpu(1));
    assertThat(second.placement(1, 2)).isEqualTo(ai.djl.Device.gpu(0));
    assertThat(second.placement(3, 1)).isEqualTo(ai.djl.Device.gpu(0));
  }

  @Test
  void cudaWithoutAVisibleGpuIsRefusedByName() {
    assertThatThrownBy(() -> Device.parse("cuda:2").placement(0, 0))
        .isInstanceOf(DeviceUnavailableException.class)
        .hasMessage("--device cuda:2: PyTorch sees no GPU here; use --device cpu");
  }
}
