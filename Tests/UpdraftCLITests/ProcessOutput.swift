import Foundation

/// Reading what a DAG executable printed.
enum ProcessOutput {
    /// The text after `prefix` on its line, up to the first space.
    static func word(after prefix: String, in output: String) -> String? {
        guard let range = output.range(of: prefix) else { return nil }
        return output[range.upperBound...].prefix { $0 != " " && $0 != "\n" }.description
    }

    /// How often `text` occurs in `output`.
    static func occurrences(of text: String, in output: String) -> Int {
        output.components(separatedBy: text).count - 1
    }
}
