package dev.secretfn.bench.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WhereTimeGoesTest {
  @Test
  void topGroups_mostBeyondTheEmptyFunctionInAnyScenario_first_andNoneTheEmptyFunctionAlreadyHas() {
    Map<String, Long> empty = Map.of("java.lang", 500L, "org.eclipse.jetty", 300L);
    Map<String, Long> floor = Map.of("java.lang", 510L, "org.eclipse.jetty", 300L, "sun.net", 40L);
    Map<String, Long> ten = Map.of("java.lang", 560L, "org.eclipse.jetty", 300L, "com.google.protobuf", 391L,
        "dev.secretfn", 60L, "sun.net", 5L);

    assertThat(WhereTimeGoes.topGroups(List.of(empty, floor, ten), empty, 10))
        .containsExactly("com.google.protobuf", "dev.secretfn", "java.lang", "sun.net");
    assertThat(WhereTimeGoes.topGroups(List.of(empty, floor, ten), empty, 2))
        .containsExactly("com.google.protobuf", "dev.secretfn");
  }

  @Test
  void topGroups_tiesByName() {
    assertThat(WhereTimeGoes.topGroups(List.of(Map.of("b.b.b", 3L, "a.a.a", 3L)), Map.of(), 5))
        .containsExactly("a.a.a", "b.b.b");
  }

  @Test
  void requests_byService_orNone() {
    Map<String, Integer> requests = new LinkedHashMap<>();
    requests.put("Cloud KMS", 8);
    requests.put("Cloud Storage", 1);

    assertThat(WhereTimeGoes.requests(requests)).isEqualTo("8 Cloud KMS + 1 Cloud Storage");
    assertThat(WhereTimeGoes.requests(Map.of())).isEqualTo("none");
  }

  @Test
  void requestsBetween_countsOnlyTheServicesThatWereAsked() {
    Map<String, Integer> before = new LinkedHashMap<>();
    before.put("Cloud KMS", 10);
    before.put("S3", 2);
    Map<String, Integer> after = new LinkedHashMap<>();
    after.put("Cloud KMS", 18);
    after.put("S3", 2);

    assertThat(ColdStartBenchmark.requestsBetween(before, after)).containsExactly(Map.entry("Cloud KMS", 8));
  }
}
