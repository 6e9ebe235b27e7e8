import Foundation

/// Reads Airflow configuration keys from `AIRFLOW__{SECTION}__{KEY}` environment variables, typed as Airflow's
/// `conf.get*` would; a malformed value is an error naming the variable (not echoing the value, which may be a
/// secret).
struct AirflowVariables {
    let environment: [String: String]

    static func name(_ section: String, _ key: String) -> String { "AIRFLOW__\(section)__\(key)" }

    /// The value, or `nil` when unset or blank.
    func string(_ section: String, _ key: String) -> String? {
        guard let value = environment[Self.name(section, key)]?.trimmingCharacters(in: .whitespacesAndNewlines),
              !value.isEmpty
        else { return nil }
        return value
    }

    func int(_ section: String, _ key: String, in range: ClosedRange<Int>) throws(EmailError) -> Int? {
        guard let text = string(section, key) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw EmailError(.invalidSetting,
                             "\(Self.name(section, key)) must be an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    func bool(_ section: String, _ key: String) throws(EmailError) -> Bool? {
        guard let text = string(section, key) else { return nil }
        guard let value = AirflowBoolean.parse(text) else {
            throw EmailError(.invalidSetting, "\(Self.name(section, key)) must be true or false")
        }
        return value
    }
}
