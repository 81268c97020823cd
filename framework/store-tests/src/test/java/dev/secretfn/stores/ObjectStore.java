package dev.secretfn.stores;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.aws.AwsSettings;
import dev.secretfn.aws.AwsTestbed;
import dev.secretfn.gcp.GcpSettings;
import dev.secretfn.gcp.GcpTestbed;
import dev.secretfn.testing.emulator.RecordedRequest;
import java.util.List;
import java.util.Map;

/**
 * An object store of {@link ObjectStoreSourceTest}, Cloud Storage ({@code gs://}) or S3 ({@code s3://}): its
 * testbed, how it stores and pins an object version, the requests that read content, and what it says when a pinned
 * version is missing.
 */
enum ObjectStore {
  GCS("gs://", "generation"),
  S3("s3://", "versionId");

  private final String scheme;
  /** The query parameter that pins a version: Cloud Storage's generation, S3's versionId. */
  final String pin;

  ObjectStore(String scheme, String pin) {
    this.scheme = scheme;
    this.pin = pin;
  }

  SourceTestbed start() {
    return this == GCS ? new GcpTestbed() : new AwsTestbed();
  }

  /** The function that reads this store through {@code transport}, deployed as {@code deployment} says. */
  ObjectStoreFunction function(Transport transport, TestDeployment deployment) {
    if (this == GCS) {
      return transport == Transport.LEAN
          ? DaggerObjectStoreFunction_Gcs.factory().create(deployment)
          : DaggerObjectStoreFunction_GcsOnOfficialClient.factory().create(deployment);
    }
    return transport == Transport.LEAN
        ? DaggerObjectStoreFunction_S3.factory().create(deployment)
        : DaggerObjectStoreFunction_S3OnOfficialClient.factory().create(deployment);
  }

  /** The reference to {@code object} in the testbed's bucket (both clouds' testbeds name it the same). */
  String reference(String object) {
    return scheme + GcpTestbed.BUCKET + "/" + object;
  }

  /** Stores {@code content} as a new version of {@code object} and returns the version (generation or versionId). */
  String put(SourceTestbed testbed, String object, byte[] content) {
    return this == GCS
        ? String.valueOf(gcp(testbed).gcs.putObject(GcpTestbed.BUCKET, object, content))
        : aws(testbed).s3.putObject(AwsTestbed.BUCKET, object, content);
  }

  /** A version of the same form as {@code existing} that the store does not have. */
  String missingVersion(String existing) {
    return this == GCS
        ? String.valueOf(Long.parseLong(existing) + 1)
        : (existing.charAt(0) == 'A' ? "B" : "A") + existing.substring(1);
  }

  /** A deployment of {@code references} with the store's object size limit set to {@code maxObjectBytes}. */
  TestDeployment limited(SourceTestbed testbed, Map<String, String> references, int maxObjectBytes) {
    return this == GCS
        ? testbed.deployment(references).with(GcpSettings.builder().maxObjectBytes(maxObjectBytes).build())
        : testbed.deployment(references).with(AwsSettings.builder().maxObjectBytes(maxObjectBytes).build());
  }

  /** Every request the store's emulator received. */
  List<RecordedRequest> requests(SourceTestbed testbed) {
    return this == GCS ? gcp(testbed).gcs.requests() : aws(testbed).s3.requests();
  }

  /** The requests for object content. */
  List<RecordedRequest> contentReads(SourceTestbed testbed) {
    return this == GCS ? gcp(testbed).mediaReads() : aws(testbed).gets();
  }

  /** The path of a content read of {@code object} (a name without slashes). */
  String contentPath(String object) {
    return this == GCS
        ? "/download/storage/v1/b/" + GcpTestbed.BUCKET + "/o/" + object
        : "/" + AwsTestbed.BUCKET + "/" + object;
  }

  /**
   * What a read is capped at: Cloud Storage asks for the limit plus one byte (a Range header), so that an oversized
   * object is seen without reading it whole; S3 reads the object and counts.
   */
  void assertCappedRead(RecordedRequest read, int maxObjectBytes) {
    if (this == GCS) {
      assertThat(read.queryParameter("alt")).contains("media");
      assertThat(read.header("Range")).contains("bytes=0-" + maxObjectBytes);
    }
  }

  /** What the cause of a missing pinned version says. */
  String[] missingVersionCause() {
    return this == GCS
        ? new String[] {"HTTP 404", "no such object or generation"}
        : new String[] {"404", "NoSuchVersion", "no such bucket, key or version"};
  }

  /** What the hint of a missing pinned version says. */
  String[] missingVersionHint() {
    return this == GCS ? new String[] {"pinned generation"} : new String[] {"upload the object", "versionId"};
  }

  private static GcpTestbed gcp(SourceTestbed testbed) {
    return (GcpTestbed) testbed;
  }

  private static AwsTestbed aws(SourceTestbed testbed) {
    return (AwsTestbed) testbed;
  }
}
