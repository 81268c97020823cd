package dev.secretfn.check;

/**
 * Stand-ins for Dagger's generated factories and a function's entry point, whose class file names one of them in
 * its constant pool, as {@code DaggerOrdersComponent.create()} in a handler's constructor does.
 */
final class EntryFixtures {
  private EntryFixtures() {}

  static final class FactoryA {
    private FactoryA() {}

    static String create() {
      return "a";
    }
  }

  static final class FactoryB {
    private FactoryB() {}

    static String create() {
      return "b";
    }
  }

  /** Calls FactoryA, the way an entry point builds its component. */
  static final class EntryA {
    final String component = FactoryA.create();
  }
}
