package ${package};

import dev.secretfn.testing.aws.AwsKmsEmulator;
import dev.secretfn.testing.aws.LambdaRuntimeClientProcess;
import dev.secretfn.testing.aws.LambdaRuntimeEmulator;
import dev.secretfn.testing.aws.SsmEmulator;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Seeds the AWS KMS and SSM emulators as README.md's "Deploying" seeds an account (a key, the API key encrypted with
 * it as the Lambda console does, the signing key as a SecureString) and gives the function's environment: the
 * variables of deploy/template.yaml, holding a ciphertext and a reference only, plus what Lambda sets and the
 * emulators' addresses.
 */
final class DemoDeployment {
  static final String HANDLER = ${functionName}Function.class.getName();
  static final String SIGNING_KEY_PARAMETER = "/${artifactId}/signing-key";

  private DemoDeployment() {}

  static Map<String, String> seed(AwsKmsEmulator kms, SsmEmulator ssm, LambdaRuntimeEmulator lambda, String apiKey,
      String signingKey) {
    String key = kms.createKey();
    byte[] ciphertext = kms.encrypt(key, apiKey.getBytes(StandardCharsets.UTF_8),
        Map.of("LambdaFunctionName", LambdaRuntimeEmulator.FUNCTION_NAME));
    long version = ssm.putSecureString(SIGNING_KEY_PARAMETER, signingKey, key);
    Map<String, String> env = new HashMap<>(LambdaRuntimeClientProcess.lambdaEnvironment(lambda, HANDLER));
    env.put("SECRETFN_AWS_KMS_EMULATOR_HOST", kms.endpoint().substring("http://".length()));
    env.put("SECRETFN_AWS_SSM_EMULATOR_HOST", ssm.endpoint().substring("http://".length()));
    env.put("API_KEY", Base64.getEncoder().encodeToString(ciphertext));
    env.put("SIGNING_KEY", "ssm://" + SIGNING_KEY_PARAMETER + "?version=" + version);
    return env;
  }

  /** An API Gateway (REST or HTTP API payload 1.0) event: GET /hello?name=NAME with the X-Api-Key header. */
  static String event(String name, String apiKey) {
    return "{\"resource\":\"/hello\",\"path\":\"/hello\",\"httpMethod\":\"GET\",\"headers\":{\"X-Api-Key\":\""
        + apiKey + "\"},\"queryStringParameters\":{\"name\":\"" + name + "\"}}";
  }
}
