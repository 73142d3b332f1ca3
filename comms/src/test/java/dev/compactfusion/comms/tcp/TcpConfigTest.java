package dev.compactfusion.comms.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TcpConfigTest {
  @Test
  void aWorkerNeedsHostPortAndToken() {
    TcpConfig c = TcpConfig.worker("10.77.0.1:7077", "a-long-token");
    assertThat(c.host()).isEqualTo("10.77.0.1");
    assertThat(c.port()).isEqualTo(7077);
    assertThat(c.worldSize()).isZero();
    assertThatThrownBy(() -> TcpConfig.worker("localhost", "a-long-token")).hasMessageContaining("--join needs HOST:PORT");
    assertThatThrownBy(() -> TcpConfig.worker("h:x", "a-long-token")).hasMessageContaining("numeric port");
    assertThatThrownBy(() -> TcpConfig.worker("h:1", null)).hasMessageContaining("needs the cluster token");
    assertThatThrownBy(() -> TcpConfig.worker("h:1", "short")).hasMessageContaining("at least 8 characters");
  }

  @Test
  void theTokenNeverAppearsInText() {
    TcpConfig c = TcpConfig.coordinator("127.0.0.1", 0, 2, "secret-token-123");
    assertThat(c.toString()).doesNotContain("secret-token-123");
    assertThat(new ClusterToken("secret-token-123").toString()).doesNotContain("secret");
    assertThat(ClusterToken.generate().text()).hasSize(64);
  }
}
