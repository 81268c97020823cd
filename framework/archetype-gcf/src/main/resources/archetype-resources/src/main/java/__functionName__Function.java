package ${package};

import dev.secretfn.gcf.SecretHttpFunction;

/**
 * The entry point Cloud Functions runs ({@code --entry-point=${package}.${functionName}Function}). Its constructor
 * resolves every secret before the instance serves; if one cannot be resolved, the instance does not start and the
 * log names each failed variable, its reference, the step and a fix, never a value.
 */
public final class ${functionName}Function extends SecretHttpFunction {
  public ${functionName}Function() {
    super(() -> Dagger${functionName}Component.create().handler());
  }
}
