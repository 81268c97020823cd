package dev.secretfn.aws.kms.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.Environment;
import dev.secretfn.aws.internal.AwsEndpoints;
import dev.secretfn.aws.internal.AwsErrors;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.internal.AwsErrorCode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.endpoints.KmsEndpointParams;
import software.amazon.awssdk.services.kms.endpoints.KmsEndpointProvider;

/** The lean transport's copies of SDK rules, checked against the SDK itself (this module's version of it). */
class SdkRulesParityTest {
  @Test
  void regionalEndpoints_areTheSdksForEveryKnownRegionAndSetting() {
    List<String> regions = new ArrayList<>();
    Region.regions().stream().map(Region::id).filter(id -> !id.contains("fips") && !id.startsWith("aws-global")
        && !id.endsWith("-global")).forEach(regions::add);
    regions.addAll(List.of("xx-future-1", "us-isof-south-1", "eusc-de-east-1"));
    KmsEndpointProvider sdk = KmsEndpointProvider.defaultProvider();
    for (String region : regions) {
      for (boolean fips : new boolean[] {false, true}) {
        for (boolean dualStack : new boolean[] {false, true}) {
          URI expected = sdk.resolveEndpoint(KmsEndpointParams.builder().region(Region.of(region)).useFips(fips)
              .useDualStack(dualStack).build()).join().endpointUrl().toUri();
          URI lean = AwsEndpoints.regional(Environment.of(Map.of("AWS_USE_FIPS_ENDPOINT", String.valueOf(fips),
              "AWS_USE_DUALSTACK_ENDPOINT", String.valueOf(dualStack))), "kms", region);

          assertThat(lean).as("%s fips=%s dualStack=%s", region, fips, dualStack).isEqualTo(expected);
        }
      }
    }
    assertThat(regions).hasSizeGreaterThan(30);
  }

  @Test
  void throttlingCodes_areTheSdks() {
    for (String code : AwsErrorCode.THROTTLING_ERROR_CODES) {
      assertThat(AwsErrors.isThrottling(code, 400)).as(code).isTrue();
    }
    assertThat(AwsErrors.isThrottling("ValidationException", 400)).isFalse();
    assertThat(AwsErrors.isThrottling("", 429)).isTrue();
  }
}
