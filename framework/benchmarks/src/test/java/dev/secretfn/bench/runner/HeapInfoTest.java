package dev.secretfn.bench.runner;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeapInfoTest {
  @Test
  void g1ReportsOneHeapLine() {
    String g1 = "12345:\n"
        + " garbage-first heap   total 262144K, used 10240K [0x00000000f0000000, 0x0000000100000000)\n"
        + "  region size 1024K, 3 young (3072K), 0 survivors (0K)\n"
        + " Metaspace       used 21000K, committed 21300K, reserved 1114112K\n"
        + "  class space    used 2500K, committed 2600K, reserved 1048576K\n";
    assertThat(ColdStartBenchmark.heapUsedKb(g1)).isEqualTo(10240);
  }

  @Test
  void g1OnJdk25ReportsReservedCommittedAndUsed() {
    String g1 = "18566:\n"
        + "garbage-first heap   total reserved 6172672K, committed 393216K, used 21410K [0x0000000687400000,"
        + " 0x0000000800000000)\n"
        + " region size 4096K, 5 young (20480K), 1 survivors (4096K)\n"
        + " Metaspace       used 21000K, committed 21300K, reserved 1114112K\n";
    assertThat(ColdStartBenchmark.heapUsedKb(g1)).isEqualTo(21410);
  }

  @Test
  void serialAndParallelCollectorsReportGenerationsThatAddUp() {
    String serial = "12345:\n"
        + " def new generation   total 4928K, used 1000K [0x00000000f0000000, 0x00000000f0550000)\n"
        + "  eden space 4416K,  22% used [0x00000000f0000000, 0x00000000f00fa000)\n"
        + " tenured generation   total 10944K, used 7000K [0x00000000f5550000, 0x00000000f6000000)\n"
        + " Metaspace       used 21000K, committed 21300K, reserved 1114112K\n";
    assertThat(ColdStartBenchmark.heapUsedKb(serial)).isEqualTo(8000);
  }

  @Test
  void noHeapFigureIsUnknown() {
    assertThat(ColdStartBenchmark.heapUsedKb("12345:\nCommand executed successfully\n")).isEqualTo(-1);
    assertThat(Report.heap(-1)).isEqualTo("–");
    assertThat(Report.heap(10240)).isEqualTo("10.5");
  }
}
