import Updraft
@_spi(Fuzzing) import UpdraftCLI

/// Values of `--logical-date` and `--param`.
enum CommandLineFuzzing {
    static func values(_ input: FuzzInput) {
        let text = input.text
        _ = try? CommandLineValues.logicalDate(text)
        if let (key, value) = try? CommandLineValues.param(text) {
            require(!key.isEmpty && !key.contains("="), "--param \(text) gave the key '\(key)'")
            _ = value.jsonText
        }
    }
}
