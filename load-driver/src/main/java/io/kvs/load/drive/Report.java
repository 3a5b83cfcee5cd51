package io.kvs.load.drive;

import io.kvs.load.report.Chart;
import io.kvs.load.report.OutDir;
import io.kvs.load.report.Recorder;
import io.kvs.load.report.Summary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Prints a run's summary as text or JSON and writes its files when asked. */
public final class Report {
  private Report() {}

  public static void emit(Summary summary, Recorder recorder, List<Chart> charts,
      OutputOptions output) throws IOException {
    if (output.out() != null) {
      List<Path> files = OutDir.write(output.out(), summary, recorder, charts);
      if (!output.json()) {
        summary.note("wrote " + files.size() + " files into " + output.out());
      }
    }
    System.out.println(output.json() ? summary.toJson().toPrettyString() : summary.toText());
  }
}
