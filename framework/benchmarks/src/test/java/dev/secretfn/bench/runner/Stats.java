package dev.secretfn.bench.runner;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Median, minimum and maximum of a series of measurements, and the Markdown tables the report is made of. */
final class Stats {
  private Stats() {}

  /** Median (the mean of the two middle values, rounded down, for an even count), min, max and count. */
  record Summary(long median, long min, long max, int count) {
    String medianMinMax() {
      return median + " (" + min + "–" + max + ")";
    }
  }

  static Summary of(List<Long> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("no values");
    }
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    long median = n % 2 == 1 ? sorted.get(n / 2) : Math.floorDiv(sorted.get(n / 2 - 1) + sorted.get(n / 2), 2);
    return new Summary(median, sorted.get(0), sorted.get(n - 1), n);
  }

  /** A Markdown table: header row, separator, one row per list; the cells' '|' are escaped. */
  static String table(List<String> header, List<List<String>> rows) {
    StringBuilder out = new StringBuilder();
    row(out, header);
    out.append('|');
    for (int i = 0; i < header.size(); i++) {
      out.append("---|");
    }
    out.append('\n');
    for (List<String> row : rows) {
      if (row.size() != header.size()) {
        throw new IllegalArgumentException("row " + row + " has " + row.size() + " cells, header " + header.size());
      }
      row(out, row);
    }
    return out.toString();
  }

  private static void row(StringBuilder out, List<String> cells) {
    out.append('|');
    for (String cell : cells) {
      out.append(' ').append(cell.replace("|", "\\|")).append(" |");
    }
    out.append('\n');
  }

  /** Megabytes of 10^6 bytes, two decimals. */
  static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%.2f", bytes / 1_000_000.0);
  }

  /** Signed difference, for overhead columns: "+12", "-3", "0". */
  static String signed(long value) {
    return value > 0 ? "+" + value : Long.toString(value);
  }
}
