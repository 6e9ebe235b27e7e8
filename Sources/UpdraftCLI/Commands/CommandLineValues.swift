public import Foundation
public import Updraft

/// The parsers of the values `run` and `test` take, for the fuzz targets in `Fuzz/`: not API, hence
/// `@_spi(Fuzzing)` (the fuzz package imports it with `@_spi(Fuzzing) import UpdraftCLI`, never `@testable`).
@_spi(Fuzzing) public enum CommandLineValues {
    /// Parses a `--logical-date` value.
    /// - Throws: `ValidationError` naming the expected format.
    public static func logicalDate(_ text: String) throws -> Date { try RunParameters.parseDate(text) }

    /// Parses a `--param key=value` value.
    /// - Throws: `ValidationError` when there is no key.
    public static func param(_ text: String) throws -> (key: String, value: JSONValue) {
        let assignment = try RunParameters.parseParam(text)
        return (assignment.key, assignment.value)
    }
}
