package dev.secretfn.bench.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.bench.runner.ClassLoadLog.Loaded;
import dev.secretfn.bench.runner.ClassLoadLog.Origin;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading -Xlog:class+load lines as JDK 17 and JDK 25 write them. */
class ClassLoadLogTest {
  private static final String JAR = "secretfn-benchmarks-0.1.0-SNAPSHOT-gcf.jar";

  @Test
  void parse_eachSource_givesItsOrigin() {
    assertThat(parse("[0.010s][info][class,load] java.lang.Object source: shared objects file"))
        .isEqualTo(new Loaded("java.lang.Object", Origin.JDK));
    assertThat(parse("[0.092s][info][class,load] java.io.RandomAccessFile$1 source: jrt:/java.base"))
        .isEqualTo(new Loaded("java.io.RandomAccessFile$1", Origin.JDK));
    assertThat(parse("[0.3s][info][class,load] java.net.Foo source: shared objects file (top)").origin())
        .isEqualTo(Origin.JDK);
    assertThat(parse("[0.5s][info][class,load] dev.secretfn.bench.gcf.EmptyFunction source: file:/w/target/" + JAR))
        .isEqualTo(new Loaded("dev.secretfn.bench.gcf.EmptyFunction", Origin.FUNCTION));
    assertThat(parse("[0.5s][info][class,load] dev.secretfn.Secret source: file:/w/target/lambda-runtime/tasks/"
        + JAR + "-123-456/").origin()).isEqualTo(Origin.FUNCTION);
    assertThat(parse("[0.2s][info][class,load] org.eclipse.jetty.server.Server source: jar:file:/m2/"
        + "java-function-invoker-2.0.0.jar!/").origin()).isEqualTo(Origin.RUNTIME);
    assertThat(parse("[0.2s][info][class,load] com.amazonaws.services.lambda.runtime.api.client.AWSLambda source:"
        + " file:/m2/aws-lambda-java-runtime-interface-client-2.10.1.jar").origin()).isEqualTo(Origin.RUNTIME);
  }

  @Test
  void parse_hiddenAndProxyClasses_areGenerated() {
    assertThat(parse("[0.117s][info][class,load] java.lang.invoke.LambdaForm$MH/0x0000000037040000 source:"
        + " __JVM_LookupDefineClass__").origin()).isEqualTo(Origin.GENERATED);
    assertThat(parse("[0.114s][info][class,load] jdk.proxy1.$Proxy0 source: __dynamic_proxy__").origin())
        .isEqualTo(Origin.GENERATED);
    // JDK 17 numbers lambda proxies, JDK 21+ does not; both name their defining class as source.
    assertThat(parse("[0.6s][info][class,load] dev.secretfn.SecretResolver$$Lambda$41/0x0000000800c0b000 source:"
        + " dev.secretfn.SecretResolver").origin()).isEqualTo(Origin.GENERATED);
    assertThat(parse("[0.6s][info][class,load] dev.secretfn.SecretResolver$$Lambda/0x0000000037100000 source:"
        + " dev.secretfn.SecretResolver").groupLabel()).isEqualTo("dev.secretfn (generated)");
  }

  @Test
  void parse_otherLines_areSkipped() {
    List<String> lines = List.of("", "[0.001s][info][class,load] opened: /usr/lib/jvm/lib/modules",
        "Picked up JAVA_TOOL_OPTIONS: -Xlog:class+load", "[0.010s][info][class,load] java.lang.Object source: jrt:/java.base");

    assertThat(ClassLoadLog.parseAll(lines, JAR)).containsExactly(new Loaded("java.lang.Object", Origin.JDK));
  }

  @Test
  void group_jdkByTwoSegments_librariesByThree_umbrellasByFour() {
    assertThat(ClassLoadLog.group("java.util.concurrent.ConcurrentHashMap")).isEqualTo("java.util");
    assertThat(ClassLoadLog.group("sun.security.ssl.SSLContextImpl")).isEqualTo("sun.security");
    assertThat(ClassLoadLog.group("jdk.internal.misc.Unsafe")).isEqualTo("jdk.internal");
    assertThat(ClassLoadLog.group("com.sun.net.httpserver.HttpServer")).isEqualTo("com.sun.net");
    assertThat(ClassLoadLog.group("com.google.protobuf.GeneratedMessageV3$Builder")).isEqualTo("com.google.protobuf");
    assertThat(ClassLoadLog.group("dev.secretfn.gcp.kms.CloudKmsSource")).isEqualTo("dev.secretfn.gcp");
    assertThat(ClassLoadLog.group("dev.secretfn.Secret")).isEqualTo("dev.secretfn");
    assertThat(ClassLoadLog.group("software.amazon.awssdk.core.client.handler.Foo"))
        .isEqualTo("software.amazon.awssdk.core");
    assertThat(ClassLoadLog.group("com.google.cloud.kms.v1.DecryptRequest")).isEqualTo("com.google.cloud.kms");
    assertThat(ClassLoadLog.group("java.lang.invoke.LambdaForm$MH/0x0000000037040000")).isEqualTo("java.lang");
    assertThat(ClassLoadLog.group("Toplevel")).isEqualTo("(default package)");
  }

  @Test
  void byGroupAndByOrigin_countEveryClassOnce() {
    List<Loaded> classes = List.of(new Loaded("java.util.List", Origin.JDK), new Loaded("java.util.Map", Origin.JDK),
        new Loaded("dev.secretfn.Secret", Origin.FUNCTION),
        new Loaded("dev.secretfn.Secret$$Lambda/0x1", Origin.GENERATED));

    assertThat(ClassLoadLog.byGroup(classes)).containsExactly(Map.entry("dev.secretfn", 1L),
        Map.entry("dev.secretfn (generated)", 1L), Map.entry("java.util", 2L));
    assertThat(ClassLoadLog.byOrigin(classes)).containsExactly(Map.entry(Origin.JDK, 2L),
        Map.entry(Origin.FUNCTION, 1L), Map.entry(Origin.RUNTIME, 0L), Map.entry(Origin.GENERATED, 1L));
  }

  private static Loaded parse(String line) {
    return ClassLoadLog.parse(line, JAR).orElseThrow();
  }
}
