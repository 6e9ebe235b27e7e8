import Foundation

/// What a simulated container does, chosen by its image (see ``KubernetesSimulatorConfiguration/behaviors``).
///
/// Every step (schedule, pull, start, one printed line, exit) takes one simulator tick. Printed lines and
/// termination messages may refer to the container's `env` values as `$(NAME)`, as Kubernetes `args` do.
public enum KubernetesPodBehavior: Sendable, Equatable {
    /// Prints `lines` (one per tick) to stdout, then exits 0 (`terminated.reason` `Completed`).
    case succeed(lines: [String])
    /// Prints `lines`, one every `everyTicks` ticks, then exits 0: a job that runs long enough to be interrupted.
    case succeedSlowly(lines: [String], everyTicks: Int)
    /// Prints `lines`, then exits with `exitCode` (`Error`), `terminationMessage` in `terminated.message`.
    case fail(lines: [String], exitCode: Int, terminationMessage: String)
    /// The image pull fails: `ErrImagePull` with `message`, then `ImagePullBackOff`, retried forever.
    /// Put "rate limit" or "too many requests" in the message to simulate a transient registry error.
    case imagePullFailure(message: String)
    /// The container cannot be created: `CreateContainerConfigError` with `message`, e.g. `secret "s" not found`.
    case createContainerConfigError(message: String)
    /// The scheduler finds no node: `PodScheduled` False `Unschedulable` with `message`; the pod stays Pending.
    case unschedulable(message: String)
    /// Runs until the pod is deleted, printing `line` every `everyTicks` ticks; stops promptly on SIGTERM (exit 143).
    case runUntilDeleted(line: String, everyTicks: Int)
    /// Like ``runUntilDeleted(line:everyTicks:)`` but ignores SIGTERM: a delete lets it run for the whole grace
    /// period (still printing), then kills it (exit 137).
    case runIgnoringTermination(line: String, everyTicks: Int)

    /// The repository part of an image reference (`registry/repo:tag@digest` → `registry/repo`), the key of the table.
    public static func repository(of image: String) -> String {
        var reference = Substring(image)
        if let at = reference.firstIndex(of: "@") { reference = reference[..<at] }
        if let colon = reference.lastIndex(of: ":"), !reference[colon...].contains("/") {
            reference = reference[..<colon]
        }
        return String(reference)
    }

    /// The built-in table, keyed by image repository:
    ///
    /// | image | behaviour |
    /// | --- | --- |
    /// | `sim/succeed` | prints three lines, exits 0 |
    /// | `sim/fail` | prints two lines, exits 1 with termination message `simulated failure` |
    /// | `sim/image-pull-error` | `ErrImagePull` / `ImagePullBackOff` (not found) |
    /// | `sim/rate-limited` | `ErrImagePull` / `ImagePullBackOff` with a "429 Too Many Requests" rate-limit message |
    /// | `sim/config-error` | `CreateContainerConfigError`: `secret "sim-secret" not found` |
    /// | `sim/unschedulable` | stays Pending, `Unschedulable` |
    /// | `sim/slow-succeed` | prints `step 1` … `step 20`, one every 100 ticks, then exits 0 |
    /// | `sim/long-running` | prints `tick` every 20 ticks until deleted |
    /// | `sim/ignores-sigterm` | prints `tick` every 20 ticks; a delete waits out the grace period, then kills it |
    ///
    /// An image reference that is not lowercase or has an empty part gets `InvalidImageName`, whatever the table says.
    /// Any other image uses ``KubernetesSimulatorConfiguration/defaultBehavior``.
    public static let defaultTable: [String: KubernetesPodBehavior] = [
        "sim/succeed": .succeed(lines: ["starting job", "processing 3 records", "job finished"]),
        "sim/fail": .fail(
            lines: ["starting job", "error: simulated failure"], exitCode: 1, terminationMessage: "simulated failure"),
        "sim/image-pull-error": .imagePullFailure(
            message: "rpc error: code = NotFound desc = failed to pull and unpack image "
                + "\"docker.io/sim/image-pull-error:latest\": not found"),
        "sim/rate-limited": .imagePullFailure(
            message: "rpc error: code = Unknown desc = failed to pull and unpack image "
                + "\"docker.io/sim/rate-limited:latest\": 429 Too Many Requests - Server message: toomanyrequests: "
                + "You have reached your pull rate limit."),
        "sim/config-error": .createContainerConfigError(message: "secret \"sim-secret\" not found"),
        "sim/unschedulable": .unschedulable(
            message: "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector. preemption: "
                + "0/1 nodes are available: 1 Preemption is not helpful for scheduling."),
        "sim/slow-succeed": .succeedSlowly(lines: (1...20).map { "step \($0)" }, everyTicks: 100),
        "sim/long-running": .runUntilDeleted(line: "tick", everyTicks: 20),
        "sim/ignores-sigterm": .runIgnoringTermination(line: "tick", everyTicks: 20),
    ]

    /// Whether the container keeps running through a graceful delete until the grace period ends.
    var ignoresTermination: Bool {
        if case .runIgnoringTermination = self { return true }
        return false
    }

    /// Whether the kubelet would reject `image` as an unparsable reference (`InvalidImageName`).
    static func isInvalidReference(_ image: String) -> Bool {
        image.isEmpty || image != image.trimmingCharacters(in: .whitespaces) || image.contains("::")
            || image.hasSuffix(":") || image.hasSuffix("/") || image.hasPrefix("/") || image.contains("//")
            || repository(of: image).contains(where: \.isUppercase)
    }
}
