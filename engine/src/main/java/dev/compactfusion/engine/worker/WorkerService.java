package dev.compactfusion.engine.worker;

import dev.compactfusion.comms.transport.Communicator;
import dev.compactfusion.comms.transport.Waits;
import dev.compactfusion.engine.vae.RunDecode;
import dev.compactfusion.models.sampling.StepListener;
import java.nio.ByteBuffer;

/**
 * The life of a worker other than rank 0 (a thread, a spawned process or a remote machine): wait
 * for what rank 0 says comes next; for each job, run it, send the final tokens and statistics to
 * rank 0 and take part in the decode where the run decodes on every worker; stop when told to.
 * The model stays loaded from one job to the next, so a warm pool loads it once per worker. A job
 * that rank 0 stops between steps (a cancel) ends here with nothing sent, and the worker waits for
 * the next one.
 */
public final class WorkerService {
  private WorkerService() {}

  public static void serve(Communicator world) {
    if (world.rank() == 0) {
      throw new IllegalArgumentException("rank 0 is the scheduler, not a served worker");
    }
    try (WarmModel warm = new WarmModel()) {
      while (true) {
        ByteBuffer next = Waits.await(world.broadcastAsync(Control.NEXT, null, 0), world, "waiting for the next job");
        switch (Control.json(next, Control.Next.class, Control.NEXT)) {
          case IDLE -> { }
          case STOP -> {
            return;
          }
          case JOB -> serveJob(world, warm);
        }
      }
    }
  }

  private static void serveJob(Communicator world, WarmModel warm) {
    ByteBuffer message = Waits.await(world.broadcastAsync(Control.JOB, null, 0), world, "receiving the job");
    GenerationJob job = Control.json(message, GenerationJob.class, Control.JOB);
    float[] shared = Control.floats(Waits.await(world.broadcastAsync(Control.CONDITIONING, null, 0), world,
        "receiving the shared conditioning"));
    try {
      Worker.run(world, job, shared.length == 0 ? null : shared, StepListener.NONE, warm, (out, model) -> {
        Waits.await(world.sendAsync(Control.FINAL_TOKENS, 0, Control.floats(out.tokens())), world,
            "sending the final tokens");
        Waits.await(world.sendAsync(Control.WORKER_STATS, 0, Control.json(out.stats())), world,
            "sending the statistics");
        if (!job.latentsOnly()) {
          RunDecode.onWorker(model, world);
        }
      });
    } catch (JobStoppedException stopped) {
      // Every worker stopped after the same step; the pool sends the next job or IDLE.
    }
  }
}
