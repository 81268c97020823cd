package ${package};

import dagger.Component;
import dev.secretfn.gcp.kms.CloudKmsModule;
import dev.secretfn.gcp.storage.CloudStorageModule;
import jakarta.inject.Singleton;

/**
 * The function's object graph: its secrets, and the stores they come from (Cloud KMS for {@code API_KEY}, Cloud
 * Storage for {@code SIGNING_KEY}). A store that is not bound here cannot be used by a deployment, and its client
 * is not in the jar.
 */
@Singleton
@Component(modules = {${functionName}SecretsModule.class, CloudKmsModule.class, CloudStorageModule.class})
interface ${functionName}Component {
  ${functionName}Handler handler();
}
