package dev.secretfn.testing.gcp;

/**
 * HTTP status codes as Google's APIs pair them with canonical status names ({@code google.rpc.Code}), reasons
 * (the Cloud Storage JSON API's {@code errors[].reason}) and their standard messages.
 */
final class GoogleStatus {
  private GoogleStatus() {}

  /** The canonical status name Google's JSON errors carry for {@code httpStatus}. */
  static String canonical(int httpStatus) {
    switch (httpStatus) {
      case 400:
        return "INVALID_ARGUMENT";
      case 401:
        return "UNAUTHENTICATED";
      case 403:
        return "PERMISSION_DENIED";
      case 404:
        return "NOT_FOUND";
      case 409:
        return "ABORTED";
      case 412:
        return "FAILED_PRECONDITION";
      case 416:
        return "OUT_OF_RANGE";
      case 429:
        return "RESOURCE_EXHAUSTED";
      case 501:
        return "UNIMPLEMENTED";
      case 503:
        return "UNAVAILABLE";
      case 504:
        return "DEADLINE_EXCEEDED";
      default:
        return httpStatus < 500 ? "INVALID_ARGUMENT" : "INTERNAL";
    }
  }

  /** The standard message for a canonical status, as Google's front ends write it. */
  static String genericMessage(int httpStatus) {
    switch (httpStatus) {
      case 400:
        return "Request contains an invalid argument.";
      case 401:
        return "Request had invalid authentication credentials.";
      case 403:
        return "The caller does not have permission";
      case 404:
        return "Requested entity was not found.";
      case 409:
        return "The operation was aborted.";
      case 412:
        return "Precondition check failed.";
      case 429:
        return "Resource has been exhausted (e.g. check quota).";
      case 501:
        return "Operation is not implemented, or supported, or enabled.";
      case 503:
        return "The service is currently unavailable.";
      case 504:
        return "Deadline expired before operation could complete.";
      default:
        return "Internal error encountered.";
    }
  }

  /** The Cloud Storage JSON API's {@code reason} for {@code httpStatus}. */
  static String storageReason(int httpStatus) {
    switch (httpStatus) {
      case 400:
        return "invalid";
      case 401:
        return "required";
      case 403:
        return "forbidden";
      case 404:
        return "notFound";
      case 409:
        return "conflict";
      case 412:
        return "conditionNotMet";
      case 416:
        return "requestedRangeNotSatisfiable";
      case 429:
        return "rateLimitExceeded";
      case 501:
        return "notImplemented";
      default:
        return httpStatus < 500 ? "invalid" : "backendError";
    }
  }

  /** The Cloud Storage JSON API's message for a failure injected with {@code httpStatus}. */
  static String storageMessage(int httpStatus) {
    switch (httpStatus) {
      case 429:
        return "The rate of requests exceeds the rate limit. Please reduce the rate of requests.";
      case 500:
      case 503:
        return "We encountered an internal error. Please try again.";
      case 412:
        return "At least one of the pre-conditions you specified did not hold.";
      default:
        return genericMessage(httpStatus);
    }
  }
}
