package ${package};

import dagger.Component;
import dev.secretfn.aws.kms.AwsKmsModule;
import dev.secretfn.aws.ssm.SsmModule;
import jakarta.inject.Singleton;

/**
 * The function's object graph: its secrets, and the stores they come from (AWS KMS for {@code API_KEY}, SSM
 * Parameter Store for {@code SIGNING_KEY}). A store that is not bound here cannot be used by a deployment, and its
 * client is not in the jar.
 */
@Singleton
@Component(modules = {${functionName}SecretsModule.class, AwsKmsModule.class, SsmModule.class})
interface ${functionName}Component {
  ${functionName}Handler handler();
}
