/// When a task runs, given the states of its direct upstream tasks (Airflow's `trigger_rule`).
///
/// An open set of named rules (more may be added without breaking code that switches over them). The default
/// is ``allSuccess``. Every rule of Airflow 3 is here except `all_done_setup_success`, which belongs to
/// setup/teardown tasks.
public struct TriggerRule: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Airflow's name of the rule, for example `"all_success"`.
    public let name: String

    private init(_ name: String) { self.name = name }

    /// Every upstream task succeeded (the default).
    public static let allSuccess = TriggerRule("all_success")
    /// Every upstream task failed or is upstream-failed.
    public static let allFailed = TriggerRule("all_failed")
    /// Every upstream task finished, whatever its state.
    public static let allDone = TriggerRule("all_done")
    /// Every upstream task finished, none was skipped, and at least one succeeded.
    public static let allDoneMinOneSuccess = TriggerRule("all_done_min_one_success")
    /// Every upstream task was skipped.
    public static let allSkipped = TriggerRule("all_skipped")
    /// At least one upstream task succeeded (runs without waiting for the others).
    public static let oneSuccess = TriggerRule("one_success")
    /// At least one upstream task failed (runs without waiting for the others).
    public static let oneFailed = TriggerRule("one_failed")
    /// At least one upstream task succeeded or failed (runs without waiting for the others).
    public static let oneDone = TriggerRule("one_done")
    /// No upstream task failed: each succeeded or was skipped.
    public static let noneFailed = TriggerRule("none_failed")
    /// No upstream task failed and at least one succeeded.
    public static let noneFailedMinOneSuccess = TriggerRule("none_failed_min_one_success")
    /// Every upstream task finished and none was skipped.
    public static let noneSkipped = TriggerRule("none_skipped")
    /// Runs at once, whatever the upstream tasks do.
    public static let always = TriggerRule("always")

    /// Every rule, in Airflow's documentation order.
    public static let all: [TriggerRule] = [
        .allSuccess, .allFailed, .allDone, .allDoneMinOneSuccess, .allSkipped, .oneSuccess, .oneFailed, .oneDone,
        .noneFailed, .noneFailedMinOneSuccess, .noneSkipped, .always,
    ]

    /// Looks a rule up by its Airflow name, accepting Airflow 2's aliases `none_failed_or_skipped` and `dummy`.
    public init?(airflowName: String) {
        switch airflowName {
        case "none_failed_or_skipped": self = .noneFailedMinOneSuccess
        case "dummy": self = .always
        default:
            guard let rule = TriggerRule.all.first(where: { $0.name == airflowName }) else { return nil }
            self = rule
        }
    }

    public var description: String { name }

    public init(from decoder: any Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        guard let rule = TriggerRule(airflowName: name) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "unknown trigger rule '\(name)'"))
        }
        self = rule
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }
}
