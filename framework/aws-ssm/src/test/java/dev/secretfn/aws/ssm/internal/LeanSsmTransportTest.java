package dev.secretfn.aws.ssm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.Environment;
import dev.secretfn.aws.internal.AwsRequestSigner;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Where the lean transport sends its calls without an override: SSM's endpoint rules, not only the common ones. */
class LeanSsmTransportTest {
  private static LeanSsmTransport transport(Map<String, String> variables) {
    return new LeanSsmTransport(Environment.of(variables), Optional.empty(), AwsRequestSigner.forPriming());
  }

  @ParameterizedTest
  @CsvSource({
      "us-east-1, false, false, https://ssm.us-east-1.amazonaws.com/",
      "us-east-1, true, false, https://ssm-fips.us-east-1.amazonaws.com/",
      "us-gov-west-1, true, false, https://ssm.us-gov-west-1.amazonaws.com/",
      "us-gov-west-1, true, true, https://ssm-fips.us-gov-west-1.api.aws/",
      "cn-north-1, false, false, https://ssm.cn-north-1.amazonaws.com.cn/"})
  void endpoint_regionAndFlags_isTheSdksHost(String region, boolean fips, boolean dualStack, String expected)
      throws Exception {
    LeanSsmTransport lean = transport(Map.of("AWS_USE_FIPS_ENDPOINT", String.valueOf(fips),
        "AWS_USE_DUALSTACK_ENDPOINT", String.valueOf(dualStack)));

    assertThat(lean.endpoint(region)).hasToString(expected);
  }

  @Test
  void body_selectors_namesThemWithDecryption() {
    assertThat(new String(LeanSsmTransport.body(List.of("/a/b:3", "plain")), StandardCharsets.UTF_8))
        .isEqualTo("{\"Names\":[\"/a/b:3\",\"plain\"],\"WithDecryption\":true}");
  }
}
