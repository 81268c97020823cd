package dev.secretfn.file;

import dev.secretfn.ref.InvalidReferenceException;
import dev.secretfn.ref.ReferenceParts;
import dev.secretfn.ref.ReferenceRules;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.ref.Scheme;
import jakarta.inject.Inject;

/**
 * {@code file:///ABSOLUTE/PATH[#FIELD]}. The path is percent-decoded segment by segment, so that an encoded
 * {@code /} ({@code %2F}) cannot hide a segment from the rules.
 */
final class FileSyntax implements ReferenceSyntax {
  @Inject
  FileSyntax() {}

  @Override
  public Scheme scheme() {
    return MountedFile.SCHEME;
  }

  @Override
  public MountedFile parse(ReferenceParts parts) {
    parts.noQuery();
    String raw = parts.path();
    if (raw.isEmpty()) {
      throw new InvalidReferenceException("expected an absolute path after the scheme: file:///PATH");
    }
    if (raw.charAt(0) != '/') {
      // file://host/path, or file://relative/path: RFC 8089's local form has an empty host
      throw new InvalidReferenceException("the path must be absolute: file:///PATH (three slashes: the host part"
          + " is empty); a relative path or a host (file://HOST/PATH) is not allowed");
    }
    StringBuilder path = new StringBuilder(raw.length());
    int start = 1;
    while (start <= raw.length()) {
      int slash = raw.indexOf('/', start);
      int end = slash < 0 ? raw.length() : slash;
      String segment = ReferenceRules.percentDecode(raw.substring(start, end));
      if (segment.indexOf('/') >= 0) {
        throw new InvalidReferenceException("a path segment must not contain a percent-encoded '/' (%2F)");
      }
      path.append('/').append(segment);
      if (slash < 0) {
        break;
      }
      start = slash + 1;
    }
    return MountedFile.of(path.toString(), parts.field());
  }
}
