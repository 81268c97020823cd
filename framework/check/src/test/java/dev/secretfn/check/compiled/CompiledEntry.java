package dev.secretfn.check.compiled;

/** The function's entry point: builds its component, as a handler's constructor does. */
final class CompiledEntry {
  final CompiledComponent component = DaggerCompiledComponent.create();
}
