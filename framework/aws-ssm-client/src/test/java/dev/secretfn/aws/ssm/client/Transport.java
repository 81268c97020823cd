package dev.secretfn.aws.ssm.client;

import java.util.Map;

/** Which transport a test's store sends its calls with: the store's lean default, or the SDK's SsmClient. */
enum Transport {
  LEAN,
  OFFICIAL;

  Store store(Map<String, String> variables) {
    return this == LEAN ? LeanStore.of(variables) : OfficialStore.of(variables);
  }
}
