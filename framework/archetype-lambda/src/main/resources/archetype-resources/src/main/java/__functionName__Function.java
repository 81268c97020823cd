package ${package};

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.secretfn.lambda.SecretRequestHandler;

/**
 * The class Lambda runs (handler {@code ${package}.${functionName}Function}: the class name alone). Its
 * constructor resolves every secret during INIT; if one cannot be resolved, Lambda reports an init error that names
 * each failed variable, its reference, the step and a fix, never a value.
 */
public final class ${functionName}Function
    extends SecretRequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
  public ${functionName}Function() {
    super(() -> Dagger${functionName}Component.create().handler());
  }
}
