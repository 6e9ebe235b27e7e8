import Foundation

/// Airflow's `conf.getboolean` spelling of booleans: `t`/`true`/`1` and `f`/`false`/`0`, any case.
enum AirflowBoolean {
    static func parse(_ text: String) -> Bool? {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "t", "true", "1": true
        case "f", "false", "0": false
        default: nil
        }
    }
}
