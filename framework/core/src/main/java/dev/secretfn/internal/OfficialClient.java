package dev.secretfn.internal;

import jakarta.inject.Qualifier;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;

/**
 * Not an API: qualifies a store's transport that goes over the service's official client library. A store
 * module declares it optional ({@code @BindsOptionalOf @OfficialClient}) and uses its lean transport unless
 * the function's component also includes the store's official-client module, which binds it.
 */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
public @interface OfficialClient {}
