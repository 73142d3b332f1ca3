package dev.compactfusion.cli;

import dev.compactfusion.perf.sim.BandwidthSweep;
import dev.compactfusion.perf.sim.Calibration;
import dev.compactfusion.perf.sim.Hardware;
import dev.compactfusion.perf.sim.Presets;
import dev.compactfusion.perf.sim.Refit;
import dev.compactfusion.perf.sim.Simulation;
import dev.compactfusion.perf.sim.SimulationReport;
import dev.compactfusion.perf.sim.Workload;
import dev.compactfusion.perf.sim.method.Methods;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench simulate}: per-image latency on GPU machines, predicted by the calibrated cost model. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
        "Predict per-image latency on GPU machines with the calibrated cost model (tables are marked MODELLED); "
            + "writes results.json/.csv/.md, a link-bandwidth sweep of the first --hardware machine (sweep.csv) "
            + "and PNG charts to --out."},
    footer = {"",
        "Examples:",
        "  ./compactfusion bench simulate --hardware all",
        "  ./compactfusion bench simulate --refit h20-nvlink --hardware h20-nvlink",
        "  ./compactfusion bench simulate --refit my-l20.csv --hardware l20-pcie"})
final class BenchSimulateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--model-preset", defaultValue = "flux-1024",
      description = "Model preset: flux-1024, cogvideox-2b, pixart-1024 (default: ${DEFAULT-VALUE}).")
  String modelPreset;

  @Option(names = "--hardware", split = ",", defaultValue = "l20-pcie",
      description = "Machine presets, comma-separated: l20-pcie, h20-nvlink, h100-nvlink, l20-eth1g, "
          + "l20-eth10g, l20-eth25g, or all (default: ${DEFAULT-VALUE}).")
  List<String> hardware;

  @Option(names = "--workers", defaultValue = "4", description = "Worker (GPU) count (default: ${DEFAULT-VALUE}).")
  int workers;

  @Option(names = "--methods", split = ",", description = "Methods, comma-separated, spelled as in the real "
      + "benches (default: serial, ring, ulysses, usp, patch, distrifusion, pipefusion, compact:1bit, "
      + "compact:2bit, compact:lowrank:12).")
  List<String> methods;

  @Option(names = "--refit", arity = "0..1", fallbackValue = "l20-pcie", paramLabel = "MACHINE|FILE",
      description = "Refit the calibration and use it, printing it next to the committed one with the rows each "
          + "parameter moves (a parameter fewer than three rows move keeps its stated assumption): against a "
          + "machine's published FLUX latencies (l20-pcie, the default, or h20-nvlink; with leave-one-out errors), "
          + "or against your own "
          + "measurements in a CSV of method,seconds lines taken on the first --hardware machine with "
          + "--model-preset and --workers.")
  String refit;

  @Option(names = "--out", description = "Output directory (default: bench-sim-<timestamp>).")
  Path out;

  @Mixin VerbosityOptions verbosity;

  @Override
  public Integer call() throws Exception {
    BenchRuns.requireWorkers(List.of(workers));
    Path dir = BenchRuns.outDir(out, "bench-sim-");
    Workload workload = Presets.named(Presets.workloads(), "model", modelPreset);
    List<Hardware> machines = new ArrayList<>();
    for (String name : hardware) {
      if (name.equals("all")) {
        machines.addAll(Presets.hardware().values());
      } else {
        machines.add(Presets.named(Presets.hardware(), "hardware", name));
      }
    }
    List<String> methodNames = methods == null ? Methods.DEFAULT
        : methods.stream().map(m -> m.strip().toLowerCase(Locale.ROOT)).toList();
    Methods.byNames(methodNames);

    PrintWriter stdout = spec.commandLine().getOut();
    Calibration calibration = Calibration.FITTED;
    if (refit != null) {
      Refit fit = refit(workload, machines.get(0));
      stdout.print(fit.report());
      calibration = fit.calibration();
    }

    Simulation.Result result = Simulation.run(workload, machines, workers, methodNames, calibration);
    if (result.rows().isEmpty()) {
      throw new UsageException("none of the methods can run here: " + result.skipped().get(0).reason());
    }
    Hardware swept = machines.get(0);
    SimulationReport report = new SimulationReport(result,
        BandwidthSweep.run(workload, swept, workers, methodNames, calibration), swept.name(), calibration);
    report.write(dir);
    stdout.print(report.markdown());
    stdout.println("wrote " + dir.resolve("results.md") + ", results.csv, results.json, sweep.csv, "
        + "latency.png, bytes-per-step.png, speedup-vs-bandwidth.png (sweep of " + swept.name() + "'s link)");
    stdout.flush();
    return 0;
  }

  /** Measurements are for the first --hardware machine; a machine name refits on its published column. */
  private Refit refit(Workload workload, Hardware first) {
    if (Refit.isMeasurementFile(refit)) {
      return Refit.toMeasurements(Path.of(refit), workload, first, workers);
    }
    try {
      return Refit.toPublished(refit);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--refit " + e.getMessage());
    }
  }
}
