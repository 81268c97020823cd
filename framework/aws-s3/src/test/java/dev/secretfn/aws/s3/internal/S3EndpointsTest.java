package dev.secretfn.aws.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretfn.Environment;
import dev.secretfn.aws.internal.AwsEndpoints;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The lean transport's endpoint rules: which URL a GetObject goes to, for each setting. */
class S3EndpointsTest {
  private static final String ENDPOINT_URL_S3 = "AWS_ENDPOINT_URL_S3";
  private static final Optional<String> LATEST = Optional.empty();

  private static S3Endpoints standard(Map<String, String> variables) {
    return S3Endpoints.of(Optional.empty(), Environment.of(variables));
  }

  private static String url(S3Endpoints endpoints, String bucket, String region) {
    return endpoints.object(bucket, "app/db.txt", LATEST, region).toString();
  }

  @Test
  void object_plainBucket_virtualHostedRegionalEndpoint() {
    assertThat(url(standard(Map.of()), "secrets", "eu-west-1"))
        .isEqualTo("https://secrets.s3.eu-west-1.amazonaws.com/app/db.txt");
    assertThat(url(standard(Map.of()), "secrets", "us-east-1"))
        .isEqualTo("https://secrets.s3.us-east-1.amazonaws.com/app/db.txt");
  }

  @Test
  void object_bucketWithDots_pathStyleBecauseTheCertificateWildcardCoversOneLabel() {
    assertThat(url(standard(Map.of()), "secrets.example.com", "eu-west-1"))
        .isEqualTo("https://s3.eu-west-1.amazonaws.com/secrets.example.com/app/db.txt");
  }

  @ParameterizedTest
  @CsvSource({
      "true, false, https://secrets.s3-fips.us-east-1.amazonaws.com/app/db.txt",
      "false, true, https://secrets.s3.dualstack.us-east-1.amazonaws.com/app/db.txt",
      "true, true, https://secrets.s3-fips.dualstack.us-east-1.amazonaws.com/app/db.txt",
      "false, false, https://secrets.s3.us-east-1.amazonaws.com/app/db.txt"})
  void object_fipsAndDualStackSettings_serviceNameAndLabel(String fips, String dualStack, String expected) {
    S3Endpoints endpoints = standard(Map.of(AwsEndpoints.USE_FIPS_ENDPOINT, fips, AwsEndpoints.USE_DUALSTACK_ENDPOINT, dualStack));

    assertThat(url(endpoints, "secrets", "us-east-1")).isEqualTo(expected);
  }

  @Test
  void object_fipsWithBucketWithDots_pathStyleOnTheFipsEndpoint() {
    S3Endpoints endpoints = standard(Map.of(AwsEndpoints.USE_FIPS_ENDPOINT, "TRUE", AwsEndpoints.USE_DUALSTACK_ENDPOINT, "true"));

    assertThat(url(endpoints, "a.b.c", "us-gov-west-1"))
        .isEqualTo("https://s3-fips.dualstack.us-gov-west-1.amazonaws.com/a.b.c/app/db.txt");
  }

  @Test
  void object_chinaRegion_chinaDomain() {
    assertThat(url(standard(Map.of()), "secrets", "cn-north-1"))
        .isEqualTo("https://secrets.s3.cn-north-1.amazonaws.com.cn/app/db.txt");
    assertThat(url(standard(Map.of(AwsEndpoints.USE_DUALSTACK_ENDPOINT, "true")), "secrets", "cn-northwest-1"))
        .isEqualTo("https://secrets.s3.dualstack.cn-northwest-1.amazonaws.com.cn/app/db.txt");
  }

  @Test
  void object_endpointUrlS3_winsOverEndpointUrl_virtualHostedOnAName() {
    S3Endpoints endpoints = standard(Map.of(
        ENDPOINT_URL_S3, "https://s3.internal.example:8443/",
        AwsEndpoints.ENDPOINT_URL, "https://all-services.example"));

    assertThat(url(endpoints, "secrets", "us-east-1"))
        .isEqualTo("https://secrets.s3.internal.example:8443/app/db.txt");
    assertThat(url(endpoints, "with.dots", "us-east-1"))
        .isEqualTo("https://s3.internal.example:8443/with.dots/app/db.txt");
  }

  @Test
  void object_endpointUrl_usedWhenNoServiceVariable_basePathKept() {
    S3Endpoints endpoints = standard(Map.of(AwsEndpoints.ENDPOINT_URL, "https://gateway.example/s3"));

    assertThat(url(endpoints, "secrets", "us-east-1")).isEqualTo("https://secrets.gateway.example/s3/app/db.txt");
  }

  @Test
  void object_endpointUrlOnAnAddressOrLocalhost_pathStyle() {
    assertThat(url(standard(Map.of(ENDPOINT_URL_S3, "http://127.0.0.1:9000")), "secrets", "us-east-1"))
        .isEqualTo("http://127.0.0.1:9000/secrets/app/db.txt");
    assertThat(url(standard(Map.of(ENDPOINT_URL_S3, "http://localhost:9000")), "secrets", "us-east-1"))
        .isEqualTo("http://localhost:9000/secrets/app/db.txt");
    assertThat(url(standard(Map.of(ENDPOINT_URL_S3, "https://[::1]:9000")), "secrets", "us-east-1"))
        .isEqualTo("https://[::1]:9000/secrets/app/db.txt");
  }

  @Test
  void object_ignoreConfiguredEndpointUrls_standardEndpoint() {
    S3Endpoints endpoints = standard(Map.of(
        ENDPOINT_URL_S3, "https://s3.internal.example", AwsEndpoints.IGNORE_CONFIGURED_ENDPOINT_URLS, "true"));

    assertThat(url(endpoints, "secrets", "eu-west-1"))
        .isEqualTo("https://secrets.s3.eu-west-1.amazonaws.com/app/db.txt");
  }

  @Test
  void of_plainHttpToANetworkHostOrAnotherScheme_refusedNamingTheVariable() {
    assertThatThrownBy(() -> standard(Map.of(ENDPOINT_URL_S3, "http://s3.internal.example")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(ENDPOINT_URL_S3).hasMessageContaining("plain http:// endpoint on s3.internal.example");
    assertThatThrownBy(() -> standard(Map.of(AwsEndpoints.ENDPOINT_URL, "ftp://files.example")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining(AwsEndpoints.ENDPOINT_URL);
    assertThatThrownBy(() -> standard(Map.of(AwsEndpoints.ENDPOINT_URL, "https://h.example/?a=b")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("no query");
    assertThatThrownBy(() -> standard(Map.of(AwsEndpoints.USE_FIPS_ENDPOINT, "yes")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("must be true or false");
  }

  @Test
  void object_emulatorOverride_pathStyleWhateverTheBucket_andWinsOverEndpointVariables() {
    S3Endpoints endpoints = S3Endpoints.of(Optional.of(URI.create("http://127.0.0.1:4566")),
        Environment.of(Map.of(ENDPOINT_URL_S3, "https://elsewhere.example", AwsEndpoints.USE_FIPS_ENDPOINT, "true")));

    assertThat(endpoints.emulator()).isTrue();
    assertThat(url(endpoints, "secrets", "eu-west-1")).isEqualTo("http://127.0.0.1:4566/secrets/app/db.txt");
    assertThat(endpoints.root("eu-west-1")).hasToString("http://127.0.0.1:4566/");
  }

  @Test
  void root_standard_regionalServiceRoot() {
    assertThat(standard(Map.of(AwsEndpoints.USE_FIPS_ENDPOINT, "true")).root("us-west-2"))
        .hasToString("https://s3-fips.us-west-2.amazonaws.com/");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "db pass.txt|db%20pass.txt",
      "a+b=c&d|a%2Bb%3Dc%26d",
      "dir//double/|dir//double/",
      "/leading|/leading",
      "100%|100%25",
      "unreserved-._~AZaz09|unreserved-._~AZaz09",
      "\u00fcber/\u65e5\u672c.txt|%C3%BCber/%E6%97%A5%E6%9C%AC.txt",
      "emoji \ud83d\ude00|emoji%20%F0%9F%98%80",
      "q?h#s;c:a@b!|q%3Fh%23s%3Bc%3Aa%40b%21",
      "./../x|./../x"})
  void object_keyCharacters_eachSegmentEncodedAsSigV4(String key, String encoded) {
    URI uri = standard(Map.of()).object("secrets", key, LATEST, "us-east-1");

    assertThat(uri.getRawPath()).isEqualTo("/" + encoded);
    assertThat(uri.getRawQuery()).isNull();
  }

  @Test
  void object_versionId_queryEncodedAsSigV4() {
    URI uri = standard(Map.of()).object("secrets", "k", Optional.of("3/L4kqtJl+40_xS=Tm.x~"), "us-east-1");

    assertThat(uri.getRawQuery()).isEqualTo("versionId=3%2FL4kqtJl%2B40_xS%3DTm.x~");
  }
}
