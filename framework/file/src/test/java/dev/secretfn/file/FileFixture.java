package dev.secretfn.file;

import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.ref.SecretReference;
import dev.secretfn.spi.SecretSource;
import dev.secretfn.testing.contract.StoreFixture;
import dev.secretfn.testing.emulator.EmulatorKnobs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The file store over a {@link SecretVolume} in a temporary directory, for {@link dev.secretfn.testing.contract
 * .SourceContract}: no emulator, as there is no transport. A denial is what the file system enforces: the file made
 * unreadable, or, where this process ignores permissions (root), a link out of the mount, which the store refuses
 * to anyone.
 */
final class FileFixture implements StoreFixture {
  private final SecretVolume volume = new SecretVolume();
  private final SecretSource source = new FileSource(FileSettings.defaults());

  @Override
  public ReferenceSyntax syntax() {
    return new FileSyntax();
  }

  @Override
  public SecretSource source() {
    return source;
  }

  @Override
  public SecretReference put(String name, byte[] value) {
    volume.put(name, value);
    return volume.reference(name);
  }

  @Override
  public SecretReference absent() {
    return volume.reference("no-such-secret");
  }

  @Override
  public void deny(SecretReference reference) {
    String name = java.nio.file.Path.of(((MountedFile) reference).path()).getFileName().toString();
    try {
      if (SecretVolume.permissionsIgnored()) {
        volume.relink(name, Files.copy(volume.data(name), volume.outside.resolve(name)));
      } else {
        Files.setPosixFilePermissions(volume.data(name), PosixFilePermissions.fromString("---------"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public boolean hasTransport() {
    return false;
  }

  @Override
  public EmulatorKnobs knobs() {
    throw new UnsupportedOperationException("the file store has no transport, so no emulator knobs");
  }

  @Override
  public void close() {
    volume.close();
  }
}
