package dev.compactfusion.engine.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.compactfusion.codec.CodecSpec;
import dev.compactfusion.codec.residual.ResidualMode;
import dev.compactfusion.engine.exchange.Strategy;
import dev.compactfusion.engine.plan.Device;
import dev.compactfusion.engine.plan.ParallelPlan;
import dev.compactfusion.models.generate.FamilyOptions;
import dev.compactfusion.models.generate.GenerationRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The job travels to worker processes as JSON: the typed plan must come back equal, and validated. */
class GenerationJobJsonTest {

  @Test
  void aTypedJobSurvivesTheWire() {
    ParallelPlan plan = new ParallelPlan(Strategy.USP, 8, new ParallelPlan.SequenceGroups(2, 0), true,
        new ParallelPlan.Compression(CodecSpec.parse("lowrank:8"), ResidualMode.NOEF, 2), Device.parse("cuda:1"));
    GenerationJob job = new GenerationJob(new GenerationRequest("shapes-image", "red circle", 7, 3, 2.5f), plan);
    GenerationJob back = Control.json(Control.json(job), GenerationJob.class, Control.JOB);
    assertThat(back).isEqualTo(job);
    assertThat(back.plan().ringDegree()).isEqualTo(2);
    assertThat(back.plan().device().toString()).isEqualTo("cuda:1");
    GenerationJob numbered = Control.json(Control.json(job.numbered(42)), GenerationJob.class, Control.JOB);
    assertThat(numbered.serial()).isEqualTo(42);
    assertThat(numbered.stoppable()).isTrue();
    assertThat(back.stoppable()).isFalse();
  }

  @Test
  void familyOptionsSurviveTheWireAndAnOldJobWithoutThemReadsAsNone() {
    GenerationJob job = new GenerationJob(new GenerationRequest("/models/dit", "", 0, 50, 4f,
        new FamilyOptions(207, "dpm-solver++", 3, "/tmp/latents.safetensors")), ParallelPlan.serial());
    assertThat(Control.json(Control.json(job), GenerationJob.class, Control.JOB)).isEqualTo(job);
    String old = "{\"request\":{\"model\":\"m\",\"prompt\":\"\",\"seed\":1,\"steps\":2,\"guidance\":1.0},"
        + "\"plan\":" + new String(bytes(Control.json(ParallelPlan.serial())), StandardCharsets.UTF_8) + "}";
    GenerationJob back = Control.json(ByteBuffer.wrap(old.getBytes(StandardCharsets.UTF_8)), GenerationJob.class,
        Control.JOB);
    assertThat(back.request().options()).isEqualTo(FamilyOptions.NONE);
    assertThat(back.serial()).isZero();
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }

  @Test
  void aJobThatCannotRunIsRefusedOnArrival() {
    ByteBuffer sent = Control.json(new GenerationJob(new GenerationRequest("m", "", 1, 2, 1f), ParallelPlan.serial()));
    byte[] bytes = new byte[sent.remaining()];
    sent.duplicate().get(bytes);
    String json = new String(bytes, StandardCharsets.UTF_8).replace("\"workers\":1", "\"workers\":3");
    assertThat(json).contains("\"workers\":3");
    assertThatThrownBy(() -> Control.json(ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)),
        GenerationJob.class, Control.JOB)).hasMessageContaining("serial runs one worker per branch");
  }
}
