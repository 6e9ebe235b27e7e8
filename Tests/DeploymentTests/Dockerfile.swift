import Foundation

/// A Dockerfile read as Docker reads it: comments dropped, `\` continuations joined, one instruction per entry,
/// grouped into build stages at each `FROM`.
struct Dockerfile {
    struct Instruction {
        var keyword: String
        var arguments: String
    }

    struct Stage {
        var image: String
        var name: String?
        var instructions: [Instruction] = []

        func all(_ keyword: String) -> [String] { instructions.filter { $0.keyword == keyword }.map(\.arguments) }
    }

    enum ParseError: Error { case instructionBeforeFrom(String), malformedFrom(String) }

    var stages: [Stage] = []

    init(_ text: String) throws {
        var logical: [String] = []
        var pending = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("#") || (trimmed.isEmpty && pending.isEmpty) { continue }
            if trimmed.hasSuffix("\\") {
                pending += trimmed.dropLast() + " "
            } else {
                logical.append(pending + trimmed)
                pending = ""
            }
        }
        for line in logical where !line.isEmpty {
            let keyword = String(line.prefix { !$0.isWhitespace }).uppercased()
            let arguments = line.dropFirst(keyword.count).trimmingCharacters(in: .whitespaces)
            if keyword == "FROM" {
                let words = arguments.split(separator: " ").map(String.init)
                switch words.count {
                case 1: stages.append(Stage(image: words[0]))
                case 3 where words[1].uppercased() == "AS": stages.append(Stage(image: words[0], name: words[2]))
                default: throw ParseError.malformedFrom(line)
                }
            } else {
                guard !stages.isEmpty else { throw ParseError.instructionBeforeFrom(line) }
                stages[stages.count - 1].instructions.append(Instruction(keyword: keyword, arguments: arguments))
            }
        }
    }
}
