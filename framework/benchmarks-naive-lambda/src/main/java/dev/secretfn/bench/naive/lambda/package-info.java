/**
 * The benchmark's naive Lambda comparator (issue 5): what a handler does without secretfn, the way the Lambda
 * console's encryption helpers suggest. Shaded with the AWS SDK's full default closure into this module's {@code
 * lambda} jar. Configure it by its class name alone.
 */
package dev.secretfn.bench.naive.lambda;
