package dev.secretfn.check;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which of a jar's Dagger components is the function's: the one named, else the only one, else the one whose
 * factory ({@code DaggerX}) the entry point class references.
 */
final class ComponentChoice {
  private ComponentChoice() {}

  static ComponentDescriptor choose(FunctionFiles files, Optional<String> named, Optional<String> entryPoint)
      throws CheckException {
    Map<String, ComponentDescriptor> components = files.components();
    if (named.isPresent()) {
      ComponentDescriptor component = components.get(named.get());
      if (component == null) {
        throw new CheckException("the function has no component " + named.get() + "; its components are "
            + components.keySet() + ": name one of them");
      }
      return component;
    }
    if (components.size() == 1) {
      return components.values().iterator().next();
    }
    if (entryPoint.isEmpty()) {
      throw new CheckException("the function has " + components.size() + " components " + components.keySet()
          + ": name the function's component (--component) or its entry point class (--entry-point)");
    }
    byte[] classFile = files.classFile(entryPoint.get()).orElseThrow(() -> new CheckException(
        "the entry point class " + entryPoint.get() + " is not in the function's jar or classpath: give its"
            + " fully qualified name, or name the component (--component)"));
    Set<String> referenced;
    try {
      referenced = ClassConstants.classNames(classFile);
    } catch (IOException e) {
      throw new CheckException("cannot read the class file of " + entryPoint.get() + " (" + e.getMessage()
          + "): name the component (--component)");
    }
    List<ComponentDescriptor> called = new ArrayList<>();
    for (ComponentDescriptor component : components.values()) {
      if (referenced.contains(component.factory())) {
        called.add(component);
      }
    }
    if (called.size() != 1) {
      throw new CheckException("the entry point " + entryPoint.get() + " references the factory of "
          + (called.isEmpty() ? "none" : called.size()) + " of the function's components " + components.keySet()
          + ": name the function's component (--component)");
    }
    return called.get(0);
  }
}
