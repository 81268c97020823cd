package dev.secretfn.aws.ssm.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.Environment;
import dev.secretfn.aws.ssm.internal.SsmEndpoints;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.endpoints.SsmEndpointParams;
import software.amazon.awssdk.services.ssm.endpoints.SsmEndpointProvider;

/**
 * The lean transport's regional SSM endpoints, checked against the SDK's endpoint rules (this module's SDK): SSM's
 * rules differ from KMS's in GovCloud, where its FIPS endpoint is the standard host.
 */
class SdkRulesParityTest {
  @Test
  void regionalEndpoints_areTheSdksForEveryKnownRegionAndSetting() {
    List<String> regions = new ArrayList<>();
    Region.regions().stream().map(Region::id).filter(id -> !id.contains("fips") && !id.startsWith("aws-global")
        && !id.endsWith("-global")).forEach(regions::add);
    regions.addAll(List.of("xx-future-1", "us-isof-south-1", "eusc-de-east-1"));
    SsmEndpointProvider sdk = SsmEndpointProvider.defaultProvider();
    List<String> differences = new ArrayList<>();
    for (String region : regions) {
      for (boolean fips : new boolean[] {false, true}) {
        for (boolean dualStack : new boolean[] {false, true}) {
          URI expected = sdk.resolveEndpoint(SsmEndpointParams.builder().region(Region.of(region)).useFips(fips)
              .useDualStack(dualStack).build()).join().endpointUrl().toUri();
          URI lean = SsmEndpoints.regional(Environment.of(Map.of("AWS_USE_FIPS_ENDPOINT", String.valueOf(fips),
              "AWS_USE_DUALSTACK_ENDPOINT", String.valueOf(dualStack))), region);
          if (!lean.equals(expected)) {
            differences.add(region + " fips=" + fips + " dualStack=" + dualStack + ": " + lean + " vs " + expected);
          }
        }
      }
    }
    assertThat(differences).as("lean vs SDK").isEmpty();
    assertThat(regions).hasSizeGreaterThan(30);
  }
}
