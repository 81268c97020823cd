package dev.secretfn.gcp.storage.client;

import com.google.cloud.ReadChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import dagger.Lazy;
import dev.secretfn.Step;
import dev.secretfn.gcp.storage.internal.CloudStorageTransport;
import dev.secretfn.gcp.storage.internal.MediaHeaders;
import dev.secretfn.gcp.storage.internal.ObjectMedia;
import dev.secretfn.gcp.storage.internal.ObjectMetadata;
import dev.secretfn.gcp.storage.internal.StorageErrors;
import dev.secretfn.spi.SourceException;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The official transport: google-cloud-storage's {@code get} for metadata and its {@code ReadChannel}, limited to
 * limit + 1 bytes (a {@code Range} request), for content. Its {@code StorageException}s go through {@link
 * StorageErrors} with their HTTP code and reason, as the lean transport's answers do. The client is built on the
 * first call; priming does nothing, as building it reads credentials.
 */
final class StorageClientTransport implements CloudStorageTransport {
  private final Lazy<Storage> storage;

  @Inject
  StorageClientTransport(Lazy<Storage> storage) {
    this.storage = storage;
  }

  @Override
  public Optional<ObjectMetadata> metadata(String bucket, String object, OptionalLong generation,
      String described, Duration timeout) throws SourceException, InterruptedException {
    Blob blob;
    StorageCalls.Call call = StorageCalls.open(timeout);
    try {
      blob = storage.get().get(blobId(bucket, object, generation));
    } catch (StorageException e) {
      throw failed(e, described);
    } finally {
      call.close();
    }
    if (blob == null) {
      return Optional.empty();
    }
    // A HashMap: the client's map may hold null values (keys being removed), which Map.copyOf refuses.
    Map<String, String> custom = blob.getMetadata() == null ? Map.of() : new HashMap<>(blob.getMetadata());
    return Optional.of(ObjectMetadata.of(blob.getGeneration(),
        blob.getSize() == null ? OptionalLong.empty() : OptionalLong.of(blob.getSize()),
        Optional.ofNullable(blob.getContentEncoding()), key -> Optional.ofNullable(custom.get(key))));
  }

  @Override
  public ObjectMedia media(String bucket, String object, OptionalLong generation, int maxBytes, String described,
      Duration timeout) throws SourceException, InterruptedException {
    ByteBuffer buffer = ByteBuffer.allocate(maxBytes + 1);
    MediaHeaders served;
    boolean read = false;
    try (StorageCalls.Call call = StorageCalls.open(timeout);
        ReadChannel reader = storage.get().reader(blobId(bucket, object, generation))) {
      reader.setChunkSize(0);
      reader.limit(maxBytes + 1L);
      while (buffer.hasRemaining() && reader.read(buffer) >= 0) {
        if (Thread.interrupted()) {
          throw new InterruptedException("interrupted while reading " + described);
        }
      }
      served = call.served();
      read = true;
    } catch (StorageException e) {
      throw failed(e, described);
    } catch (IOException e) {
      if (e.getCause() instanceof StorageException) {
        throw failed((StorageException) e.getCause(), described);
      }
      throw StorageErrors.io(e, described, Step.FETCH);
    } finally {
      if (!read) {
        Arrays.fill(buffer.array(), (byte) 0);
      }
    }
    byte[] bytes = Arrays.copyOf(buffer.array(), buffer.position());
    Arrays.fill(buffer.array(), (byte) 0);
    return ObjectMedia.of(bytes, served);
  }

  private static BlobId blobId(String bucket, String object, OptionalLong generation) {
    return generation.isPresent()
        ? BlobId.of(bucket, object, generation.getAsLong())
        : BlobId.of(bucket, object);
  }

  /** The client's exception as the service's status (0: no answer) and reason, into the shared classifier. */
  private static SourceException failed(StorageException e, String described) throws InterruptedException {
    return StorageErrors.answered(e.getCode(), Optional.ofNullable(e.getReason()), described, Step.FETCH, e);
  }

  @Override
  public String toString() {
    return "StorageClientTransport";
  }
}
